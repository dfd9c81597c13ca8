import type { Committer, PrecommittingSinkWriter, SinkWriter } from '@weir/core';
import type { OperatorState } from './operator-state';

/**
 * The union state the pending committables are kept under, `[checkpointId, committable]` pairs.
 * A union, so that on restore every subtask commits every restored committable before it aborts its
 * own lingering ones: no subtask can abort what another one was about to commit.
 */
const COMMITTABLES = 'committables';

/**
 * The runtime side of a two-phase-commit sink on one subtask (DESIGN.md §6 step 5). At a barrier
 * the writer pre-commits: what it wrote since the last barrier becomes committables, kept with
 * their checkpoint id until that checkpoint is complete. Every committable not yet committed goes
 * into each snapshot — also one whose commit has started but not ended, which a failure may cut
 * short — so a restore finds the ones whose completion notice or commit the failure swallowed
 * and commits them again (committers are idempotent); then whatever else a failed attempt left
 * open is rolled back, before the new writer writes anything.
 */
export class TwoPhaseCommit {
  /** Pre-committed and not yet committed (a commit under way included). */
  private pending: [checkpointId: number, committable: unknown][] = [];
  /** Commits run one after another, in checkpoint order. */
  private committing: Promise<void> = Promise.resolve();
  /** The newest checkpoint whose committables have been handed to a commit. */
  private committedUpTo = -Infinity;

  constructor(private readonly committer: Committer<unknown>) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** On start: commits what the restored checkpoint held, then aborts what no checkpoint will commit. */
  async recover(restored: OperatorState | undefined): Promise<void> {
    const entries = (restored?.unions?.[COMMITTABLES] ?? []) as [number, unknown][];
    if (entries.length > 0) await this.committer.commit(entries.map(([, committable]) => committable));
    await this.committer.abortLingering?.();
  }

  /** Pre-commits the writer's output for `checkpointId`; the state holds every committable still pending. */
  async prepare(writer: SinkWriter<unknown>, checkpointId: number): Promise<OperatorState> {
    const committables = await (writer as PrecommittingSinkWriter<unknown, unknown>).prepareCommit(checkpointId);
    for (const committable of committables) this.pending.push([checkpointId, committable]);
    return this.state();
  }

  /** The state with every committable still pending. */
  state(): OperatorState {
    return { unions: { [COMMITTABLES]: this.pending.slice() } };
  }

  /** Checkpoint `checkpointId` is complete: commits everything pre-committed for it and before. */
  commitUpTo(checkpointId: number): Promise<void> {
    const due = this.pending.filter(([id]) => id <= checkpointId && id > this.committedUpTo);
    if (due.length === 0) return this.committing;
    this.committedUpTo = Math.max(this.committedUpTo, checkpointId);
    this.committing = this.committing.then(async () => {
      await this.committer.commit(due.map(([, committable]) => committable));
      // Only now: until the commit has ended, the next snapshots keep these for a restore to commit.
      this.pending = this.pending.filter((entry) => !due.includes(entry));
    });
    return this.committing;
  }

  async close(): Promise<void> {
    // A commit that is under way finishes (or fails) before the committer goes.
    await this.committing.catch(() => {});
    await this.committer.close();
  }
}
