import { JobDefinitionError } from '@weir/common';
import type {
  InputStatus,
  OperatorSpec,
  ReaderOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
} from '@weir/core';
import type { OperatorState } from '../operators/operator-state';
import { StreamOperator } from '../operators/stream-operator';
import { TimestampsAndWatermarks } from '../operators/timestamps-and-watermarks';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../time-constants';

type SourceSpec = Extract<OperatorSpec, { kind: 'source' }>;

/** The operator state the reader's splits are kept under (split among readers on a rescale). */
const SPLITS = 'splits';

/**
 * The head of a source chain: drives a SourceReader and applies the source's WatermarkStrategy
 * (timestamps, watermarks on events and periodically, idleness), as Flink's SourceOperator does.
 * The task calls `emitNext` in a loop; records go straight into the chain.
 */
export class SourceOperator extends StreamOperator implements ReaderOutput<unknown> {
  private reader!: SourceReader<unknown, SourceSplit>;
  private readerContext!: SourceReaderContext;
  private timestampsAndWatermarks!: TimestampsAndWatermarks;
  private restoredSplits: SourceSplit[] = [];
  /** Records emitted so far, for progress and metrics. */
  recordsOut = 0;

  constructor(private readonly spec: SourceSpec) {
    super();
  }

  /** Called by the task before `open`: how the reader reaches the split enumerator. */
  setReaderContext(context: SourceReaderContext): void {
    this.readerContext = context;
  }

  /** The splits this reader held at the checkpoint, with their positions: it reads on from there. */
  override initializeState(restored: OperatorState): void {
    this.restoredSplits = (restored.lists?.[SPLITS] ?? []) as SourceSplit[];
  }

  override open(): void {
    this.reader = this.spec.source.createReader(this.readerContext);
    if (this.restoredSplits.length > 0) this.reader.addSplits(this.restoredSplits);
    this.restoredSplits = [];
    this.reader.start();
    this.timestampsAndWatermarks = new TimestampsAndWatermarks(this.spec.watermarkStrategy, this.output, this.ctx);
    this.timestampsAndWatermarks.start();
  }

  emitNext(): InputStatus {
    return this.reader.pollNext(this);
  }

  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }

  addSplits(splits: SourceSplit[]): void {
    this.reader.addSplits(splits);
  }

  override snapshotState(checkpointId: number): OperatorState {
    return { lists: { [SPLITS]: this.reader.snapshotState(checkpointId) } };
  }

  override async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.reader.notifyCheckpointComplete?.(checkpointId);
  }

  notifyNoMoreSplits(): void {
    this.reader.notifyNoMoreSplits();
  }

  /** ReaderOutput: one record from the reader, with the reader's own timestamp if it has one. */
  collect(record: unknown, timestamp?: number): void {
    this.recordsOut++;
    this.timestampsAndWatermarks.collect(record, timestamp ?? NO_TIMESTAMP);
  }

  /** The reader has ended: every window and timer downstream may now fire. */
  endOfInput(): void {
    this.timestampsAndWatermarks.stop();
    this.timestampsAndWatermarks.emitWatermark(MAX_WATERMARK);
  }

  processElement(): void {
    throw new JobDefinitionError(`Source '${this.ctx.operatorName}' cannot take input records.`);
  }

  override close(): void {
    this.timestampsAndWatermarks?.stop();
    this.reader?.close();
  }
}
