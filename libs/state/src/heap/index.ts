export * from './heap-keyed-state-backend';
export * from './heap-time-service-manager';
export * from './heap-internal-timer-service';
export * from './state-table';
export * from './state-ttl';
export * from './heap-timer';
export * from './timer-set';
