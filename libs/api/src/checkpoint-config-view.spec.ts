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
    view.setCheckpointingMode('at-least-once').setMaxRetainedCheckpoints(2);
    view.setExternalizedCheckpointRetention('retain-on-cancellation').setCheckpointStorage('file:///var/weir/chk');
    expect(config).toEqual({
      intervalMs: 1000,
      mode: 'at-least-once',
      timeoutMs: 5000,
      minPauseBetweenCheckpointsMs: 0,
      maxConcurrentCheckpoints: 3,
      tolerableFailedCheckpoints: 1,
      unaligned: false,
      retainedCheckpoints: 2,
      externalizedRetention: 'retain-on-cancellation',
      storage: { kind: 'directory', path: '/var/weir/chk' },
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
    expect(() => view.setMaxRetainedCheckpoints(0)).toThrow(/setMaxRetainedCheckpoints\(\)/);
    expect(() => view.setCheckpointingMode('exactly-twice' as 'exactly-once')).toThrow(
      /'exactly-once', 'at-least-once'/,
    );
  });

  it('reads the checkpoint storage from memory, a path, a file: or a redis URL, and names a bad one', () => {
    const storage = (location: string) => view.setCheckpointStorage(location).getCheckpointStorage();
    expect(storage('memory')).toEqual({ kind: 'memory' });
    expect(storage('/tmp/chk')).toEqual({ kind: 'directory', path: '/tmp/chk' });
    expect(storage('redis://:secret@cache:6379')).toEqual({
      kind: 'redis',
      url: 'redis://:secret@cache:6379',
      password: 'secret',
      tls: false,
    });
    expect(storage('rediss://cache:6380')).toEqual(expect.objectContaining({ kind: 'redis', tls: true }));
    expect(() => storage('s3://bucket/chk')).toThrow(
      /setCheckpointStorage\(\).*the scheme of 's3:\/\/bucket\/chk' is not one of file:, redis:, rediss:/,
    );
    expect(() => storage('relative/dir')).toThrow(/neither 'memory', an absolute directory nor a URL/);
  });
});
