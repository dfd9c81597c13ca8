#!/usr/bin/env node
/** The `weir` executable (package.json "bin"). */
import { runCli } from './cli';

/** Time for the job's last output to reach the terminal before a lingering handle is cut off. */
const EXIT_GRACE_MS = 1000;

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
    // The process normally ends by itself once the output is flushed; but a user's open socket or
    // timer must not keep `weir` running after it has reported the job's outcome.
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
);
