export * from './graph/job-graph';
export * from './executor/job-client';
export * from './job-bundle/job-bundle';
export * from './operators/stream-operator';
export * from './operators/output';
export * from './operators/operator-context';
export * from './executor/local-executor';
