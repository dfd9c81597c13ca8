export * from './keyed-state-backend';
export * from './timer-service';
export * from './heap';
