/**
 * Checkpoints after some subtasks have finished (FLIP-147): a finished subtask answers each later
 * checkpoint with its final snapshot, its sink's last pre-commit is committed once a checkpoint
 * holding that snapshot completes, and a restore starts it finished, so it emits nothing again.
 */
import { DataGeneratorSource, RestartStrategies, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { TransactionalTestSink, TransactionLog } from '@weir/runtime';

interface Count {
  key: number;
  count: number;
}

const SHORT = 1_000;
const LONG = 12_000;
const KEYS = 10;

const byKeyAndCount = (a: Count, b: Count) => a.key - b.key || a.count - b.count;

function expectedCounts(events: number): Count[] {
  const expected: Count[] = [];
  for (let key = 0; key < KEYS; key++) for (let n = 1; n <= events / KEYS; n++) expected.push({ key, count: n });
  return expected;
}

/** A pipeline done in a moment: its two subtasks, sinks chained, finish long before the other one. */
function shortPipeline(env: StreamExecutionEnvironment, log: TransactionLog<number>): void {
  env
    .fromSource(numbers({ count: SHORT }), WatermarkStrategy.noWatermarks(), 'short')
    .sinkTo(new TransactionalTestSink(log));
}

/** 0, 1, 2, …: `count` of them (else without end), at most `ratePerSecond` a second. */
function numbers(options: { count?: number; ratePerSecond?: number }): DataGeneratorSource<number> {
  return new DataGeneratorSource({ generate: (i) => i, ...options });
}

describe('checkpoints after subtasks finish (embedded, p=2, a checkpoint every 100 ms)', () => {
  it('go on while the rest runs, and a failure afterwards restores finished subtasks finished: each output once', async () => {
    const shortLog = new TransactionLog<number>();
    const longLog = new TransactionLog<Count>();
    let completedCheckpoints = () => 0;
    let failed = false;

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(100);
    env.setRestartStrategy(RestartStrategies.fixedDelay(5, 50));
    shortPipeline(env, shortLog);
    env
      .fromSource(numbers({ count: LONG, ratePerSecond: 4_000 }), WatermarkStrategy.noWatermarks(), 'long')
      .map((i) => {
        // Once, after checkpoints holding the finished subtasks' final snapshots have completed.
        if (!failed && completedCheckpoints() >= 3) {
          failed = true;
          throw new Error('failure after the short pipeline finished');
        }
        return { key: i % KEYS, count: 1 };
      })
      .keyBy((c) => c.key)
      .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
      .sinkTo(new TransactionalTestSink(longLog));
    const client = await env.execute('finished subtasks');
    completedCheckpoints = () => client.checkpoints().filter((c) => c.status === 'completed').length;
    const result = await client.result();

    expect(failed).toBe(true);
    expect(result.restarts).toBe(1);
    // The short pipeline ran once: its output, committed once, though the job restarted after it finished.
    expect(shortLog.committed.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: SHORT }, (_, i) => i));
    expect(longLog.committed.slice().sort(byKeyAndCount)).toEqual(expectedCounts(LONG));
  }, 60_000);

  it('commits a finished sink subtask’s last output when a checkpoint holding its final snapshot completes, before the job ends', async () => {
    const log = new TransactionLog<number>();
    let committedWhileRunning = 0;
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(100);
    shortPipeline(env, log);
    env
      .fromSource(numbers({ count: 2_000, ratePerSecond: 2_000 }), WatermarkStrategy.noWatermarks(), 'long')
      .map((i) => {
        committedWhileRunning = Math.max(committedWhileRunning, log.committed.length);
        return i;
      })
      .sinkTo(new TransactionalTestSink(new TransactionLog<number>()));
    await (await env.execute('finished sink commits')).result();
    expect(committedWhileRunning).toBe(SHORT);
  }, 60_000);

  it.each([0, 100])(
    'a canceled job releases its finished subtasks, a sink waiting to commit its last output too (checkpoints every %i ms)',
    async (interval) => {
      const log = new TransactionLog<number>();
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
      if (interval > 0) env.enableCheckpointing(interval);
      shortPipeline(env, log);
      env
        .fromSource(numbers({ ratePerSecond: 1_000 }), WatermarkStrategy.noWatermarks(), 'endless')
        .sinkTo(new TransactionalTestSink(new TransactionLog<number>()));
      const client = await env.execute('canceled with finished subtasks');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await client.cancel();
      await client.result().catch(() => {});
      expect(log.committersClosed).toBe(2);
    },
    30_000,
  );
});
