export * from './window';
export * from './trigger';
export * from './window-assigner';
export * from './evictor';
export * from './window-function';
