import {
  DataGeneratorSource,
  RestartStrategies,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type JobClient,
} from '@weir/api';
import { TransactionalTestSink, TransactionLog } from '@weir/runtime';
import { Chaos } from './chaos';

interface Count {
  key: number;
  count: number;
}

const EVENTS = 30_000;
const KEYS = 40;

/** A keyed count of a rate-limited generator into the transactional test sink; `chaos` makes it fail. */
async function runCountingJob(log: TransactionLog<Count>, chaos?: Chaos, prepareChaos?: Chaos): Promise<JobClient> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
  env.enableCheckpointing(500);
  env.setRestartStrategy(RestartStrategies.fixedDelay(20, 50));
  const source = new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 8_000 });
  env
    .fromSource(source, WatermarkStrategy.noWatermarks(), 'numbers')
    .map((i) => {
      chaos?.maybeFail('map');
      return { key: i % KEYS, count: 1 };
    })
    .keyBy((c) => c.key)
    .reduce((a, b) => ({ key: a.key, count: a.count + b.count }))
    .sinkTo(new TransactionalTestSink(log, { onPrepare: () => prepareChaos?.maybeFail('prepareCommit') }));
  return env.execute('keyed-count');
}

const byKeyAndCount = (a: Count, b: Count) => a.key - b.key || a.count - b.count;

describe('exactly-once under failures (embedded, p=2, checkpoint every 500 ms)', () => {
  it('commits exactly the output of a failure-free run although user code and pre-commits throw', async () => {
    const expected: Count[] = [];
    for (let key = 0; key < KEYS; key++) for (let n = 1; n <= EVENTS / KEYS; n++) expected.push({ key, count: n });

    const log = new TransactionLog<Count>();
    const chaos = new Chaos(3);
    const duringCheckpoint = new Chaos(1);
    const client = await runCountingJob(log, chaos, duringCheckpoint);
    const result = await client.result();

    expect(chaos.failures).toBe(3);
    expect(duringCheckpoint.failures).toBe(1);
    // Two failures close together make one restart.
    expect(result.restarts).toBeGreaterThanOrEqual(3);
    const completed = client.checkpoints().filter((c) => c.status === 'completed');
    expect(completed.length).toBeGreaterThanOrEqual(3);
    expect(log.committed.slice().sort(byKeyAndCount)).toEqual(expected);
  }, 60_000);

  it('restores window contents and their timers: windows with allowed lateness fire once each, counting every record', async () => {
    interface WindowCount {
      key: number;
      end: number;
      count: number;
    }
    const run = async (log: TransactionLog<WindowCount>, chaos?: Chaos) => {
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
      env.enableCheckpointing(300);
      env.setRestartStrategy(RestartStrategies.fixedDelay(20, 50));
      const source = new DataGeneratorSource({ generate: (i) => i, count: EVENTS, ratePerSecond: 8_000 });
      env
        .fromSource(
          source,
          WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((i) => i),
          'ms',
        )
        .map((i) => {
          chaos?.maybeFail('map');
          return i % KEYS;
        })
        .keyBy((key) => key)
        .window(TumblingEventTimeWindows.of(1000))
        // Allowed lateness: each window's contents wait for a cleanup timer, so timers are in the snapshots.
        .allowedLateness(1)
        .process<WindowCount>((key, ctx, elements, out) => {
          out.collect({ key, end: ctx.window.end, count: [...elements].length });
        })
        .sinkTo(new TransactionalTestSink(log));
      return (await (await env.execute('windowed-count')).result()).restarts;
    };
    const clean = new TransactionLog<WindowCount>();
    await run(clean);
    expect(clean.committed.length).toBe(KEYS * (EVENTS / 1000));
    const log = new TransactionLog<WindowCount>();
    const chaos = new Chaos(3);
    expect(await run(log, chaos)).toBeGreaterThanOrEqual(2);
    const byWindow = (a: WindowCount, b: WindowCount) => a.end - b.end || a.key - b.key;
    expect(log.committed.slice().sort(byWindow)).toEqual(clean.committed.slice().sort(byWindow));
  }, 60_000);
});
