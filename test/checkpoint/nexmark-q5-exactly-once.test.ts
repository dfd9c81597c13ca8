import { DataGeneratorSource, RestartStrategies, StreamExecutionEnvironment, type JobClient } from '@weir/api';
import { TransactionalTestSink, TransactionLog } from '@weir/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nexmarkEvent } from '../../bench/src/nexmark/generator';
import { generatorConfig } from '../../bench/src/nexmark/generator-config';
import type { Event, HotItem } from '../../bench/src/nexmark/model';
import { q5 } from '../../bench/src/nexmark/queries/q5';
import { Chaos } from './chaos';

type Result = Omit<HotItem, 'ingestionTime'>;

const EVENTS = 40_000;
// 2,000 events per second of event time: 20 s, so every 10 s window sliding by 2 s is there.
const config = generatorConfig({ seed: 7, eventsPerSecond: 2_000 });

interface Q5Options {
  parallelism?: number;
  chaos?: Chaos;
  duringCheckpoint?: Chaos;
  /** Barriers overtake in-flight records, so the window's subtasks snapshot at different watermarks. */
  unaligned?: boolean;
  storage?: string;
  fromSavepoint?: string;
}

/** Nexmark q5 embedded (p=2 unless told), checkpointing every 500 ms, into the transactional test sink. */
async function startQ5(log: TransactionLog<Result>, options: Q5Options = {}): Promise<JobClient> {
  const { chaos, duringCheckpoint } = options;
  const env = StreamExecutionEnvironment.createLocalEnvironment({
    parallelism: options.parallelism ?? 2,
    fromSavepoint: options.fromSavepoint,
  });
  env.enableCheckpointing(500);
  if (options.unaligned === true) env.getCheckpointConfig().enableUnalignedCheckpoints();
  if (options.storage !== undefined) env.getCheckpointConfig().setCheckpointStorage(options.storage);
  env.setRestartStrategy(RestartStrategies.fixedDelay(20, 50));
  const generate = (i: number): Event => {
    chaos?.maybeFail('the nexmark generator');
    return nexmarkEvent(i, config);
  };
  q5(env, new DataGeneratorSource({ generate, count: EVENTS, ratePerSecond: 10_000 }))
    .map((item): Result => ({ auction: item.auction, count: item.count, windowEnd: item.windowEnd }))
    .sinkTo(new TransactionalTestSink(log, { onPrepare: () => duringCheckpoint?.maybeFail('prepareCommit') }));
  return env.execute('q5');
}

async function runQ5(log: TransactionLog<Result>, options: Q5Options = {}): Promise<number> {
  return (await (await startQ5(log, options)).result()).restarts;
}

const byWindowAndAuction = (a: Result, b: Result) => a.windowEnd - b.windowEnd || a.auction - b.auction;
const sorted = (results: Result[]) => results.slice().sort(byWindowAndAuction);

describe('Nexmark q5 exactly-once (embedded, p=2, checkpoint every 500 ms)', () => {
  const clean = new TransactionLog<Result>();
  beforeAll(async () => {
    expect(await runQ5(clean)).toBe(0);
    expect(clean.committed.length).toBeGreaterThan(5);
  }, 60_000);

  it.each([
    ['aligned', false],
    ['unaligned', true],
  ])(
    'commits what a failure-free run commits, with %s checkpoints, a user function that throws at random and a failed pre-commit',
    async (_, unaligned) => {
      const log = new TransactionLog<Result>();
      const chaos = new Chaos(3);
      const duringCheckpoint = new Chaos(1);
      const restarts = await runQ5(log, { chaos, duringCheckpoint, unaligned });
      expect(chaos.failures).toBe(3);
      expect(duringCheckpoint.failures).toBe(1);
      expect(restarts).toBeGreaterThanOrEqual(2);
      expect(log.aborted).toBeGreaterThan(0);
      expect(sorted(log.committed)).toEqual(sorted(clean.committed));
    },
    90_000,
  );

  it.each([1, 4])(
    'restores a savepoint taken at p=2 at p=%i, its sliding windows going on where they were',
    async (parallelism) => {
      const storage = mkdtempSync(join(tmpdir(), 'weir-q5-rescale-'));
      try {
        const log = new TransactionLog<Result>();
        const client = await startQ5(log, { storage });
        while (client.progress().recordsFromSources < EVENTS / 3) await new Promise((r) => setTimeout(r, 20));
        const path = await client.triggerSavepoint(`q5-for-${parallelism}`);
        await client.cancel();
        expect(log.committed.length).toBeLessThan(clean.committed.length);
        await runQ5(log, { parallelism, storage, fromSavepoint: path });
        expect(sorted(log.committed)).toEqual(sorted(clean.committed));
      } finally {
        rmSync(storage, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
