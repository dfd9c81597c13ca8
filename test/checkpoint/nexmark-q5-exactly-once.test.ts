import { DataGeneratorSource, RestartStrategies, StreamExecutionEnvironment } from '@weir/api';
import { TransactionalTestSink, TransactionLog } from '@weir/runtime';
import { nexmarkEvent } from '../../bench/src/nexmark/generator';
import { generatorConfig } from '../../bench/src/nexmark/generator-config';
import type { Event, HotItem } from '../../bench/src/nexmark/model';
import { q5 } from '../../bench/src/nexmark/queries/q5';
import { Chaos } from './chaos';

type Result = Omit<HotItem, 'ingestionTime'>;

const EVENTS = 40_000;
// 2,000 events per second of event time: 20 s, so every 10 s window sliding by 2 s is there.
const config = generatorConfig({ seed: 7, eventsPerSecond: 2_000 });

/** Nexmark q5 embedded at p=2, checkpointing every 500 ms, into the transactional test sink. */
async function runQ5(log: TransactionLog<Result>, chaos?: Chaos, duringCheckpoint?: Chaos): Promise<number> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
  env.enableCheckpointing(500);
  env.setRestartStrategy(RestartStrategies.fixedDelay(20, 50));
  const generate = (i: number): Event => {
    chaos?.maybeFail('the nexmark generator');
    return nexmarkEvent(i, config);
  };
  q5(env, new DataGeneratorSource({ generate, count: EVENTS, ratePerSecond: 10_000 }))
    .map((item): Result => ({ auction: item.auction, count: item.count, windowEnd: item.windowEnd }))
    .sinkTo(new TransactionalTestSink(log, { onPrepare: () => duringCheckpoint?.maybeFail('prepareCommit') }));
  const client = await env.execute('q5');
  return (await client.result()).restarts;
}

const byWindowAndAuction = (a: Result, b: Result) => a.windowEnd - b.windowEnd || a.auction - b.auction;

describe('Nexmark q5 exactly-once (embedded, p=2, checkpoint every 500 ms)', () => {
  it('commits what a failure-free run commits, with a user function that throws at random and a failed pre-commit', async () => {
    const clean = new TransactionLog<Result>();
    expect(await runQ5(clean)).toBe(0);
    expect(clean.committed.length).toBeGreaterThan(5);

    const log = new TransactionLog<Result>();
    const chaos = new Chaos(3);
    const duringCheckpoint = new Chaos(1);
    const restarts = await runQ5(log, chaos, duringCheckpoint);
    expect(chaos.failures).toBe(3);
    expect(duringCheckpoint.failures).toBe(1);
    expect(restarts).toBeGreaterThanOrEqual(2);
    expect(log.aborted).toBeGreaterThan(0);
    expect(log.committed.slice().sort(byWindowAndAuction)).toEqual(clean.committed.slice().sort(byWindowAndAuction));
  }, 90_000);
});
