import { ConfigError } from '@weir/common';
import { defaultExecutionConfig } from '@weir/core';
import { CheckpointConfigView } from './checkpoint-config-view';

describe('CheckpointConfigView', () => {
  const config = defaultExecutionConfig(1).checkpoint;
  const view = new CheckpointConfigView(() => config);

  it('reads and writes the plain checkpoint config', () => {
    expect(view.isCheckpointingEnabled()).toBe(false);
    view.setCheckpointInterval(1000).setCheckpointTimeout(5000).setMinPauseBetweenCheckpoints(0);
    view.setMaxConcurrentCheckpoints(3).setTolerableCheckpointFailureNumber(1).enableUnalignedCheckpoints(false);
    expect(config).toEqual({
      intervalMs: 1000,
      timeoutMs: 5000,
      minPauseBetweenCheckpointsMs: 0,
      maxConcurrentCheckpoints: 3,
      tolerableFailedCheckpoints: 1,
      unaligned: false,
    });
    expect([
      view.isCheckpointingEnabled(),
      view.getCheckpointInterval(),
      view.getCheckpointTimeout(),
      view.getMinPauseBetweenCheckpoints(),
      view.getMaxConcurrentCheckpoints(),
      view.getTolerableCheckpointFailureNumber(),
      view.isUnalignedCheckpointsEnabled(),
    ]).toEqual([true, 1000, 5000, 0, 3, 1, false]);
  });

  it('rejects values out of range, naming the setter', () => {
    expect(() => view.setCheckpointInterval(9)).toThrow(ConfigError);
    expect(() => view.setCheckpointTimeout(0)).toThrow(
      /^setCheckpointTimeout\(\) \(called at .*checkpoint-config-view\.spec\.ts:\d+\): the checkpoint timeout \(ms\) must be a whole number of at least 1, not 0\.$/,
    );
    expect(() => view.setMinPauseBetweenCheckpoints(-1)).toThrow(ConfigError);
    expect(() => view.setTolerableCheckpointFailureNumber(0.5)).toThrow(ConfigError);
    expect(config.timeoutMs).toBe(5000);
  });
});
