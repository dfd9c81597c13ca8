#!/usr/bin/env node
/** `node apps/jobmanager/dist/main.js [--port N] [--config FILE] …`: what `weir jobmanager` and the container run. */
import { ConfigError } from '@weir/common';
import { startJobManager } from './start-job-manager';

startJobManager({ argv: process.argv.slice(2), env: process.env }).then(
  ({ url }) => console.log(JSON.stringify({ level: 'log', msg: `JobManager listening on ${url}`, url })),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
