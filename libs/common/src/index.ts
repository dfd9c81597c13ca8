export * from './errors';
export * from './time';
export * from './key';
export * from './hash';
export * from './key-group-range-assignment';
