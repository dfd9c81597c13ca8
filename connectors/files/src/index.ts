export * from './file-source';
export type { FileSplit } from './file-split';
export type { FileEnumeratorCheckpoint } from './file-split-enumerator';
export type { FileFormat, FileFormatName } from './file-format';
