import { JobDefinitionError } from '@weir/common';
import type { InputStatus, OperatorSpec, SourceReader, SourceReaderContext, SourceSplit } from '@weir/core';
import type { OperatorState } from '../operators/operator-state';
import { StreamOperator } from '../operators/stream-operator';
import { MAX_WATERMARK, MIN_WATERMARK } from '../time-constants';
import { SourceOutput } from './source-output';

type SourceSpec = Extract<OperatorSpec, { kind: 'source' }>;

/** The operator state the reader's splits are kept under (split among readers on a rescale). */
const SPLITS = 'splits';

/**
 * The head of a source chain: drives a SourceReader and applies the source's WatermarkStrategy
 * (timestamps, watermarks on events and periodically, idleness), per split when the reader emits
 * per split (source-output.ts), as Flink's SourceOperator does. The task calls `emitNext` in a
 * loop; records go straight into the chain.
 *
 * With watermark alignment it reports its watermark every update interval (the first one at once)
 * to the coordinator, which keeps each group's lowest, and reads nothing while its watermark is
 * past the highest the coordinator allows it: `emitNext` says nothing is available until a newer
 * allowance lets it go on.
 */
export class SourceOperator extends StreamOperator {
  private reader!: SourceReader<unknown, SourceSplit>;
  private readerContext!: SourceReaderContext;
  private readerOutput!: SourceOutput;
  private restoredSplits: SourceSplit[] = [];
  private reportWatermark: ((watermark: number) => void) | undefined;
  private cancelReport: (() => void) | undefined;
  /** The highest watermark alignment allows (no limit until the coordinator says one). */
  private maxAllowedWatermark = MAX_WATERMARK;
  /** Resolves a paused `isAvailable` when a new allowance comes. */
  private onAllowance: (() => void) | undefined;
  /** Aligned and not yet reported: the first watermark is reported at once, not an interval later. */
  private firstReportDue = false;

  constructor(private readonly spec: SourceSpec) {
    super();
  }

  /** Called by the task before `open`: how the reader reaches the split enumerator. */
  setReaderContext(context: SourceReaderContext): void {
    this.readerContext = context;
  }

  get alignsWatermarks(): boolean {
    return this.spec.watermarkStrategy.alignment !== undefined;
  }

  /** Called by the task before `open` when the source aligns its watermarks: how reports reach the coordinator. */
  setWatermarkReporter(report: (watermark: number) => void): void {
    this.reportWatermark = report;
    this.firstReportDue = true;
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
    this.readerOutput = new SourceOutput(this.spec.watermarkStrategy, this.output, this.ctx);
    this.readerOutput.start();
    if (this.reportWatermark !== undefined) this.scheduleReport();
  }

  /** Records emitted so far, for progress and metrics. */
  get recordsOut(): number {
    return this.readerOutput?.recordsOut ?? 0;
  }

  emitNext(): InputStatus {
    const output = this.readerOutput;
    const watermark = output.currentWatermark;
    if (watermark > this.maxAllowedWatermark) return 'nothing-available';
    if (this.firstReportDue && watermark !== MIN_WATERMARK) this.reportFirst(watermark);
    return this.reader.pollNext(output);
  }

  isAvailable(): Promise<void> {
    if (this.readerOutput.currentWatermark > this.maxAllowedWatermark) {
      return new Promise((resolve) => (this.onAllowance = resolve));
    }
    return this.reader.isAvailable();
  }

  /** Watermark alignment: how far this subtask's watermark may go now. */
  allowWatermark(watermark: number): void {
    this.maxAllowedWatermark = watermark;
    const resume = this.onAllowance;
    this.onAllowance = undefined;
    resume?.();
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

  /** The reader has ended: every window and timer downstream may now fire. */
  endOfInput(): void {
    this.readerOutput.endOfInput();
    this.stopReports();
    // Ended, it holds no one back.
    this.reportWatermark?.(MAX_WATERMARK);
  }

  processElement(): void {
    throw new JobDefinitionError(`Source '${this.ctx.operatorName}' cannot take input records.`);
  }

  override close(): void {
    this.stopReports();
    this.readerOutput?.stop();
    this.reader?.close();
  }

  /**
   * Reports the first watermark at once and, until the coordinator answers, goes no further than
   * the drift past it: a source does not run away before the group's allowances reach it.
   */
  private reportFirst(watermark: number): void {
    this.firstReportDue = false;
    this.maxAllowedWatermark = watermark + this.spec.watermarkStrategy.alignment!.maxAllowedDriftMs;
    this.reportWatermark!(watermark);
  }

  private scheduleReport(): void {
    const timers = this.ctx.processingTimeService;
    const interval = this.spec.watermarkStrategy.alignment!.updateIntervalMs;
    this.cancelReport = timers.registerTimer(timers.getCurrentProcessingTime() + interval, () => {
      const output = this.readerOutput;
      // An idle subtask holds no one back; one without a watermark yet has nothing to say.
      if (output.isIdle) this.reportWatermark!(MAX_WATERMARK);
      else if (output.currentWatermark !== MIN_WATERMARK) this.reportWatermark!(output.currentWatermark);
      this.scheduleReport();
    });
  }

  private stopReports(): void {
    this.cancelReport?.();
    this.cancelReport = undefined;
  }
}
