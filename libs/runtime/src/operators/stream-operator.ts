import { MIN_WATERMARK } from '../time-constants';
import type { OperatorContext } from './operator-context';
import type { OperatorState } from './operator-state';
import type { Output } from './output';

/**
 * The runtime's unit of processing (Flink's StreamOperator), one instance per subtask, driven only
 * from its subtask's mailbox. Chained operators call each other through `Output`.
 *
 * Event time: each input's watermark is tracked separately; the operator's watermark is the minimum
 * over its active (non-idle) inputs and only moves forward. When it advances, `onWatermark` fires
 * event-time timers and forwards it.
 */
export abstract class StreamOperator<OUT = unknown> {
  protected output!: Output<OUT>;
  protected ctx!: OperatorContext;
  private inputWatermarks: number[] = [MIN_WATERMARK];
  private inputIdle: boolean[] = [false];
  private allInputsIdle = false;
  protected currentWatermark = MIN_WATERMARK;

  setup(ctx: OperatorContext, output: Output<OUT>, numberOfInputs: number): void {
    this.ctx = ctx;
    this.output = output;
    this.inputWatermarks = new Array<number>(numberOfInputs).fill(MIN_WATERMARK);
    this.inputIdle = new Array<boolean>(numberOfInputs).fill(false);
  }

  /**
   * Called before `open` when the subtask starts from a checkpoint or savepoint, with this
   * subtask's share of what `snapshotState` wrote. Keyed state and timers are restored into the
   * operator's backend by the runtime already; state derived from them is rebuilt in `open`.
   */
  initializeState(_restored: OperatorState): void {}

  /** Called once before the first record; user functions' `open` runs here. */
  open(): void | Promise<void> {}

  /**
   * Checkpoint `checkpointId` is about to pass this operator (its barrier goes downstream next):
   * emit here what must not be held across it, e.g. a combiner's partial results, which then
   * need no snapshot at all.
   */
  prepareSnapshotPreBarrier(_checkpointId: number): void {}

  /**
   * The operator's non-keyed state at the barrier (see OperatorState); keyed state and timers are
   * snapshotted by the runtime. A promise defers the barrier's acknowledgement and holds the
   * subtask's input until it settles (a sink flushing and pre-committing).
   */
  snapshotState(_checkpointId: number): OperatorState | undefined | Promise<OperatorState | undefined> {
    return undefined;
  }

  /** Checkpoint `checkpointId` is complete (every subtask has it): commit what waited for it. */
  notifyCheckpointComplete(_checkpointId: number): void | Promise<void> {}

  /** One record from input `input` (0 or 1). */
  abstract processElement(value: unknown, timestamp: number, input: number): void;

  processWatermark(watermark: number, input: number): void {
    if (watermark <= this.inputWatermarks[input]) return;
    this.inputWatermarks[input] = watermark;
    this.advanceToCombinedWatermark();
  }

  processWatermarkStatus(idle: boolean, input: number): void {
    if (this.inputIdle[input] === idle) return;
    this.inputIdle[input] = idle;
    const allIdle = this.inputIdle.every((i) => i);
    if (allIdle !== this.allInputsIdle) {
      this.allInputsIdle = allIdle;
      this.output.emitWatermarkStatus(allIdle);
    }
    if (!idle) return;
    this.advanceToCombinedWatermark();
  }

  private advanceToCombinedWatermark(): void {
    let combined = Number.POSITIVE_INFINITY;
    let anyActive = false;
    for (let i = 0; i < this.inputWatermarks.length; i++) {
      if (this.inputIdle[i]) continue;
      anyActive = true;
      if (this.inputWatermarks[i] < combined) combined = this.inputWatermarks[i];
    }
    if (!anyActive || combined <= this.currentWatermark) return;
    this.currentWatermark = combined;
    this.onWatermark(combined);
  }

  /** The operator's watermark advanced: fire event-time timers, then forward it. */
  protected onWatermark(watermark: number): void {
    this.ctx.timeServiceManager?.advanceWatermark(watermark);
    this.output.emitWatermark(watermark);
  }

  /** Input `input` has ended (all its upstream subtasks finished). */
  endInput(_input: number): void {}

  /** All inputs have ended: emit whatever is still buffered. Called before `close`. */
  finish(): void | Promise<void> {}

  /** Releases resources; user functions' `close` runs here. Called on success and on failure. */
  close(): void | Promise<void> {}
}
