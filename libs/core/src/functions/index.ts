export * from './collector';
export * from './output-tag';
export * from './runtime-context';
export * from './timer-service';
export * from './functions';
