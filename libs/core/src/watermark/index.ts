export * from './watermark-generator';
export * from './watermark-strategy';
