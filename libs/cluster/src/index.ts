export * from './cluster-config';
export * from './load-config';
export * from './control-subjects';
export * from './control-messages';
export * from './control-codec';
export * from './rest-api';
export * from './output-frames';
export * from './job-manager-client';
