export * from './operator-test-harness';
export * from './manual-processing-time-service';
export * from './recording-output';
export * from './transactional-test-sink';
