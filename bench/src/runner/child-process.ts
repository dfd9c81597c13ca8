/** Runs one ChildTask in a fresh Node process (bench-child.js) and returns its answer. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { RuntimeFailure } from '@weir/common';
import type { ChildReply, ChildResults, ChildTask } from './child-task';

const CHILD = path.join(__dirname, 'bench-child.js');
/**
 * Node flags for every child besides its own (`WEIR_BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"`):
 * Node refuses profiling flags in NODE_OPTIONS, and the job runs in the child.
 */
const EXTRA_ARGS = (process.env.WEIR_BENCH_CHILD_ARGS ?? '').split(' ').filter((arg) => arg !== '');

export function runInChild<K extends ChildTask['kind']>(
  task: Extract<ChildTask, { kind: K }>,
  execArgv: string[] = [],
  /** Called with the child when its answer comes (before it exits): a benchmark may kill it then. */
  onReply?: (child: ChildProcess) => void,
): Promise<ChildResults[K]> {
  return new Promise((resolve, reject) => {
    // 'advanced' serialization keeps NaN (a latency nobody measured) and large payloads intact.
    const child = fork(CHILD, [], {
      execArgv: [...execArgv, ...EXTRA_ARGS],
      serialization: 'advanced',
      stdio: 'inherit',
    });
    let reply: ChildReply | undefined;
    child.once('message', (message) => {
      reply = message as ChildReply;
      if (reply.ok) onReply?.(child);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok === true) resolve(reply.result as ChildResults[K]);
      else {
        const why = reply?.ok === false ? reply.error : `it exited with ${signal ?? `code ${code}`} before answering`;
        reject(new RuntimeFailure(`The benchmark child process for '${task.kind}' failed: ${why}`));
      }
    });
    child.send(task);
  });
}
