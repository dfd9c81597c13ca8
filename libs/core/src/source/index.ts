export * from './source';
export * from './source-reader-base';
export * from './static-split-enumerator';
export * from './index-range-split';
export * from './collection-source';
export * from './number-sequence-source';
export * from './data-generator-source';
export * from './source-test-driver';
