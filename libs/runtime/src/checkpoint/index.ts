export * from './checkpoint-coordinator';
export * from './checkpoint-metadata';
export * from './checkpoint-stats';
export * from './create-snapshot-store';
export * from './directory-snapshot-store';
export * from './load-restore-plan';
export * from './memory-snapshot-store';
export * from './operator-snapshot';
export * from './redis-snapshot-store';
export * from './restore-plan';
export * from './snapshot-loader';
export * from './snapshot-store';
export * from './snapshot-store-holding';
export {
  decodeFrame,
  decodeState,
  digestOf,
  encodeFrame,
  encodeState,
  verifyDigest,
  type BlobDigest,
} from './state-codec';
export * from './channel-state';
