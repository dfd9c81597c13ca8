import type { OperatorSpec } from '@weir/core';
import { MAX_WATERMARK } from '../time-constants';
import { StreamOperator } from './stream-operator';
import { TimestampsAndWatermarks } from './timestamps-and-watermarks';

type TimestampsAndWatermarksSpec = Extract<OperatorSpec, { kind: 'timestampsAndWatermarks' }>;

/**
 * `assignTimestampsAndWatermarks(strategy)` in the middle of a stream (Flink's
 * TimestampsAndWatermarksOperator). It replaces event time: upstream watermarks and idleness are
 * ignored, except the final MAX_WATERMARK, which is forwarded so a bounded job still ends.
 */
export class TimestampsAndWatermarksOperator extends StreamOperator {
  private timestampsAndWatermarks!: TimestampsAndWatermarks;

  constructor(private readonly spec: TimestampsAndWatermarksSpec) {
    super();
  }

  override open(): void {
    this.timestampsAndWatermarks = new TimestampsAndWatermarks(this.spec.watermarkStrategy, this.output, this.ctx);
    this.timestampsAndWatermarks.start();
  }

  processElement(value: unknown, timestamp: number): void {
    this.timestampsAndWatermarks.collect(value, timestamp);
  }

  override processWatermark(watermark: number): void {
    if (watermark === MAX_WATERMARK) this.timestampsAndWatermarks.emitWatermark(MAX_WATERMARK);
  }

  override processWatermarkStatus(): void {}

  override finish(): void {
    this.timestampsAndWatermarks.emitFinal();
  }

  override close(): void {
    this.timestampsAndWatermarks?.stop();
  }
}
