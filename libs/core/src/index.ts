export * from './functions';
export * from './state';
export * from './watermark';
export * from './windowing';
export * from './source';
export * from './sink';
export * from './graph';
