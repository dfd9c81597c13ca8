export * from './sink';
