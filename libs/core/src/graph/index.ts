export * from './restart-strategy';
export * from './execution-config';
export * from './stream-graph';
export * from './job-definition';
