#!/usr/bin/env node
/** `node apps/taskmanager/dist/main.js [--slots N] [--config FILE] …`: what `weir taskmanager` and the container run. */
import { ConfigError } from '@weir/common';
import { startTaskManager } from './start-task-manager';

startTaskManager({ argv: process.argv.slice(2), env: process.env }).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
