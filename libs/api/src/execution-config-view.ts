/**
 * `env.getConfig()`: setters for how records and watermarks move, over the plain ExecutionConfig
 * that travels with the job. Each setter checks its value at once.
 */
import type { ExecutionConfig } from '@weir/core';
import { requireWholeNumber } from './config-values';

export class ExecutionConfigView {
  /** @internal */
  constructor(private readonly config: () => ExecutionConfig) {}

  getAutoWatermarkInterval(): number {
    return this.config().autoWatermarkIntervalMs;
  }

  /** How often the built-in watermark generators emit, in ms (default 200; 0 turns periodic watermarks off). */
  setAutoWatermarkInterval(intervalMs: number): this {
    this.config().autoWatermarkIntervalMs = requireWholeNumber(
      intervalMs,
      0,
      'setAutoWatermarkInterval()',
      'the watermark interval (ms)',
    );
    return this;
  }

  getBufferTimeout(): number {
    return this.config().bufferTimeoutMs;
  }

  /** How long a partly filled output buffer may wait before it is sent, in ms (0: at once, lowest latency). */
  setBufferTimeout(timeoutMs: number): this {
    this.config().bufferTimeoutMs = requireWholeNumber(timeoutMs, 0, 'setBufferTimeout()', 'the buffer timeout (ms)');
    return this;
  }
}
