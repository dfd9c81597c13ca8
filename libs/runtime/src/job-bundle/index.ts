export * from './job-bundle';
export * from './bundle-job-file';
export * from './load-job-bundle';
export * from './plan-capture';
