export * from './file-source';
export type { FileSplit } from './file-split';
export type { FileFormat } from './line-format';
