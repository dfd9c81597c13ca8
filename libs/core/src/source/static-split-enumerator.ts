import type { Boundedness, SourceSplit, SplitEnumerator, SplitEnumeratorContext } from './source';

/**
 * An enumerator over a set of splits known when the source starts (a collection, a number range,
 * the files under a path): it hands them out one per request, so a fast reader takes more of the
 * work, and tells a reader that asks when none are left that there will be no more. Its checkpoint
 * is the splits not handed out yet; assigned ones are in their readers' checkpoints.
 *
 * An unbounded source's readers are never told so, as in Flink: a reader left without a split
 * stays, idle, instead of finishing, because a job's checkpoints stop once any of its subtasks has
 * finished, and an unbounded job would then never checkpoint again.
 */
export class StaticSplitEnumerator<S extends SourceSplit> implements SplitEnumerator<S, S[]> {
  private readonly unassigned: S[];

  constructor(
    private readonly context: SplitEnumeratorContext<S>,
    splits: readonly S[],
    private readonly boundedness: Boundedness = 'bounded',
  ) {
    this.unassigned = splits.slice();
  }

  start(): void {}

  handleSplitRequest(subtaskIndex: number): void {
    const split = this.unassigned.shift();
    if (split !== undefined) this.context.assignSplits(subtaskIndex, [split]);
    else if (this.boundedness === 'bounded') this.context.signalNoMoreSplits(subtaskIndex);
  }

  /** Readers ask for work themselves (`handleSplitRequest`), so a new one needs nothing here. */
  addReader(_subtaskIndex: number): void {}

  addSplitsBack(splits: S[], _subtaskIndex: number): void {
    // First in line again: they were handed out before the ones still waiting.
    this.unassigned.unshift(...splits);
  }

  snapshotState(_checkpointId: number): S[] {
    return this.unassigned.map((split) => ({ ...split }));
  }

  close(): void {}
}
