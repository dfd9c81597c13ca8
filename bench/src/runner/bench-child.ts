/*
 * The entry point of a benchmark child process (see child-process.ts): receives one task, measures
 * it, answers, and exits, so the next measurement starts from a clean process.
 */
import { measureAlignment } from './checkpoint-alignment';
import { measureCheckpointState, measureStateRestore } from './checkpoint-state';
import type { ChildReply, ChildTask } from './child-task';
import { measureJob } from './measure-job';
import { plainWordCount } from './plain-word-count';
import { measureSoak } from './soak';
import { measureStateFootprint } from './state-footprint';

function perform(task: ChildTask): Promise<unknown> | unknown {
  switch (task.kind) {
    case 'job':
      return measureJob(task.bundle, task.args, task.parallelism);
    case 'plain-word-count':
      return plainWordCount(task.path);
    case 'soak':
      return measureSoak(task);
    case 'state-footprint':
      return measureStateFootprint(task.keys);
    case 'checkpoint-state':
      return measureCheckpointState(task);
    case 'state-restore':
      return measureStateRestore(task);
    case 'checkpoint-alignment':
      return measureAlignment(task);
  }
}

/** Answers and exits, unless the task leaves its job running for the runner to kill. */
function answer(reply: ChildReply, exit: boolean): void {
  process.send!(reply, () => {
    if (exit) process.exit(reply.ok ? 0 : 1);
  });
}

process.once('message', (task: ChildTask) => {
  Promise.resolve()
    .then(() => perform(task))
    .then(
      (result) => answer({ ok: true, result }, !(task.kind === 'checkpoint-state' && task.awaitKill)),
      (error: unknown) =>
        answer({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, true),
    );
});
