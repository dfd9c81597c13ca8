/** Anything an operator's main or side output can feed: a chained operator or a record writer. */
export interface RecordTarget {
  collect(value: unknown, timestamp: number): void;
  emitWatermark(watermark: number): void;
  emitWatermarkStatus(idle: boolean): void;
}
