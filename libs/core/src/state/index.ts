export * from './state';
export * from './state-ttl-config';
export * from './state-descriptor';
