export * from './file-source';
export * from './file-sink';
export { RollingPolicy } from './rolling-policy';
export type { FileCommittable } from './file-committable';
export type { FileSplit } from './file-split';
export type { FileEnumeratorCheckpoint } from './file-split-enumerator';
export type { FileFormat, FileFormatName } from './file-format';
export { FilesModule, FilesModuleOptions } from './files-module';
