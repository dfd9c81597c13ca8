import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from '@weir/core';

/** What a DiscoveringSplitEnumerator checkpoints: the splits it has found, and those no reader took yet. */
export interface DiscoveredSplitsState<S extends SourceSplit> {
  readonly discovered: string[];
  readonly pending: S[];
}

export interface DiscoveryOptions {
  /** A bounded source looks once; its readers are told there is no more once they have theirs. */
  readonly bounded: boolean;
  /** How often an unbounded source looks again (0: never). */
  readonly discoveryIntervalMs: number;
}

/**
 * An enumerator over splits found by asking an external system, again and again (the partitions
 * of a Kafka or Pulsar topic; Flink's KafkaSourceEnumerator and PulsarSourceEnumerator): each
 * split always goes to the same reader (`ownerOf`), so a restart puts it back where its
 * checkpointed position is, and is held until that reader registers. A look that fails is tried
 * again with back-off: the readers reach the same system and fail the job with the cause if they
 * cannot. A connector says how to look (`discover`) and whom a split belongs to.
 */
export abstract class DiscoveringSplitEnumerator<S extends SourceSplit> implements SplitEnumerator<
  S,
  DiscoveredSplitsState<S>
> {
  private readonly discovered: Set<string>;
  private readonly pending = new Map<number, S[]>();
  private readonly restored: boolean;
  private looked = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private looking: Promise<void> | undefined;

  protected constructor(
    protected readonly context: SplitEnumeratorContext<S>,
    private readonly options: DiscoveryOptions,
    restored?: DiscoveredSplitsState<S>,
  ) {
    this.discovered = new Set(restored?.discovered ?? []);
    this.restored = restored !== undefined;
    for (const split of restored?.pending ?? []) this.enqueue(split);
  }

  /**
   * The splits there are now, those already found included (they are skipped by id). `atStart`:
   * the job's first look, so a split starts where the user said; splits found later (created
   * while the job ran, or after a restore) start at their beginning.
   */
  protected abstract discover(atStart: boolean): Promise<S[]>;

  /** The subtask whose reader takes the split, from the split alone. */
  protected abstract ownerOf(split: S, parallelism: number): number;

  /** Releases what `discover` holds open (an admin client). */
  protected abstract closeDiscovery(): Promise<void>;

  /** Whether a split of this id was found before: `discover` may skip the work of making it again. */
  protected isDiscovered(splitId: string): boolean {
    return this.discovered.has(splitId);
  }

  start(): void {
    this.lookSoon(0);
  }

  handleSplitRequest(subtaskIndex: number): void {
    this.assignPending(subtaskIndex);
  }

  addReader(subtaskIndex: number): void {
    this.assignPending(subtaskIndex);
  }

  addSplitsBack(splits: S[], _subtaskIndex: number): void {
    for (const split of splits) this.enqueue(split);
    for (const reader of this.context.registeredReaders()) this.assignPending(reader);
  }

  snapshotState(_checkpointId: number): DiscoveredSplitsState<S> {
    const pending = [...this.pending.values()].flat().map((split) => ({ ...split }));
    return { discovered: [...this.discovered], pending };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    void (this.looking ?? Promise.resolve()).finally(() => this.closeDiscovery().catch(() => {}));
  }

  private lookSoon(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.looking = this.look().then(
        () => {
          for (const reader of this.context.registeredReaders()) this.assignPending(reader);
          if (!this.options.bounded && this.options.discoveryIntervalMs > 0)
            this.lookSoon(this.options.discoveryIntervalMs);
        },
        () => this.lookSoon(Math.min(Math.max(2 * delayMs, 500), 10_000)),
      );
    }, delayMs);
  }

  private async look(): Promise<void> {
    const found = await this.discover(!this.restored && !this.looked);
    if (this.closed) return;
    for (const split of found) {
      if (this.discovered.has(split.splitId)) continue;
      this.discovered.add(split.splitId);
      this.enqueue(split);
    }
    this.looked = true;
  }

  private enqueue(split: S): void {
    const owner = this.ownerOf(split, this.context.currentParallelism);
    const queue = this.pending.get(owner);
    if (queue === undefined) this.pending.set(owner, [split]);
    else queue.push(split);
  }

  private assignPending(reader: number): void {
    if (!this.context.registeredReaders().has(reader)) return;
    const splits = this.pending.get(reader);
    if (splits !== undefined && splits.length > 0) {
      this.pending.delete(reader);
      this.context.assignSplits(reader, splits);
    }
    if (this.options.bounded && this.looked) this.context.signalNoMoreSplits(reader);
  }
}
