import { setTimeout as sleep } from 'node:timers/promises';
import { executeLocally } from '@weir/runtime';
import { asBenchSink, type BenchSink } from '../harness/bench-sink';
import { isLatencySample } from '../harness/latency-sample';
import { SourceStartListener } from '../harness/source-start';
import { wallClockMs } from '../harness/wall-clock';
import { q0 } from '../nexmark/queries/q0';
import { nexmarkJob } from './nexmark-job';

/** Runs q0 (every event to the sink) embedded: what its sink counted, and when the source announced its start. */
async function runQ0(args: Record<string, string>) {
  const graph = nexmarkJob('q0', q0).buildGraph({ args, parallelism: 1 });
  const sink = [...graph.nodes.values()]
    .map((node) => (node.operator.kind === 'sink' ? asBenchSink(node.operator.sink) : undefined))
    .find((found): found is BenchSink => found !== undefined)!;
  const announced: number[] = [];
  const listener = new SourceStartListener(() => announced.push(wallClockMs()));
  const before = wallClockMs();
  try {
    await (await executeLocally(graph)).result();
    // The announcement crosses a BroadcastChannel, which delivers on a later turn of the event loop.
    for (let wait = 0; wait < 100 && announced.length === 0; wait++) await sleep(10);
  } finally {
    listener.close();
  }
  const records = sink.reports.reduce((sum, report) => sum + report.records, 0);
  const stamped = sink.reports.reduce((sum, r) => sum + r.latencies.reduce((n, [, count]) => n + count, 0), 0);
  const finishedAt = Math.max(...sink.reports.map((report) => report.finishedAt));
  return { records, stamped, announced, startedAt: listener.startedAt, before, finishedAt };
}

const sampledIn = (from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) if (isLatencySample(i)) n++;
  return n;
};

describe('nexmarkJob', () => {
  it('makes its warm-up events first, stamped like the rest', async () => {
    const run = await runQ0({ events: '20000', warmup: '30000' });
    expect(run.records).toBe(50_000);
    expect(run.stamped).toBe(sampledIn(0, 50_000));
    expect(run.announced).toHaveLength(1);
    expect(run.startedAt).toBeGreaterThanOrEqual(run.before);
  });

  it('announces the start of the measurement when the warm-up is over', async () => {
    // Nearly all the work is warm-up, so the measurement starts late in the run.
    const run = await runQ0({ events: '10', warmup: '500000' });
    expect(run.records).toBe(500_010);
    expect(run.startedAt - run.before).toBeGreaterThan((run.finishedAt - run.before) / 2);
  });

  it('measures every event without a warm-up', async () => {
    const run = await runQ0({ events: '20000' });
    expect(run.records).toBe(20_000);
    expect(run.stamped).toBe(sampledIn(0, 20_000));
    expect(run.announced).toHaveLength(1);
  });

  it('rejects a warm-up that is not a whole number, naming the argument', () => {
    expect(() => nexmarkJob('q0', q0).buildGraph({ args: { events: '10', warmup: '-1' }, parallelism: 1 })).toThrow(
      /--warmup must be an integer >= 0, not '-1'/,
    );
  });
});
