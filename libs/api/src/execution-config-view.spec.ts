import { ConfigError } from '@weir/common';
import { defaultExecutionConfig } from '@weir/core';
import { ExecutionConfigView } from './execution-config-view';

describe('ExecutionConfigView', () => {
  it('reads and writes the watermark interval and buffer timeout', () => {
    const config = defaultExecutionConfig(1);
    const view = new ExecutionConfigView(() => config);
    expect([view.getAutoWatermarkInterval(), view.getBufferTimeout()]).toEqual([200, 5]);
    view.setAutoWatermarkInterval(0).setBufferTimeout(20);
    expect([config.autoWatermarkIntervalMs, config.bufferTimeoutMs]).toEqual([0, 20]);
    expect(() => view.setAutoWatermarkInterval(Number.NaN)).toThrow(ConfigError);
    expect(() => view.setBufferTimeout(-1)).toThrow(
      'the buffer timeout (ms) must be a whole number of at least 0, not -1.',
    );
  });
});
