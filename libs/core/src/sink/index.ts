export * from './sink';
export * from './print-sink';
export * from './collect-sink';
export * from './discarding-sink';
