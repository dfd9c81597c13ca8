/**
 * Where an operator emits. Records carry their event timestamp as a separate argument (NO_TIMESTAMP
 * when they have none) so nothing is allocated per record; inside a chain `collect` is a direct call
 * into the next operator.
 */
export interface Output<T> {
  collect(value: T, timestamp: number): void;
  /** Emits to the side output named by an OutputTag's id. */
  collectSide(tagId: string, value: unknown, timestamp: number): void;
  emitWatermark(watermark: number): void;
  /** Tells downstream this output is idle (sends nothing for now) or active again. */
  emitWatermarkStatus(idle: boolean): void;
}
