/** Recovery on worker threads: snapshots cross threads as transferred buffers, restored state goes to each thread. */
import type { CollectSink } from '@weir/api';
import { bundleJobFile, executeLocally, loadJobBundle } from '@weir/runtime';
import { join } from 'node:path';
import { EVENTS, KEYS } from './fixtures/failing-count';

interface Count {
  key: number;
  count: number;
}

it('restores the latest checkpoint on every worker thread after a failure: each record counted once', async () => {
  const bundle = await bundleJobFile(join(__dirname, 'fixtures', 'failing-count.ts'));
  const graph = loadJobBundle(bundle).buildGraph({ args: {}, parallelism: 2 });
  const client = await executeLocally(graph, { bundle });
  const result = await client.result();
  expect(result.restarts).toBe(1);
  expect(client.checkpoints().some((c) => c.status === 'completed')).toBe(true);

  const sinkOperator = [...graph.nodes.values()].map((n) => n.operator).find((o) => o.kind === 'sink');
  if (sinkOperator?.kind !== 'sink') throw new Error('the job has no sink');
  const sink = sinkOperator.sink as CollectSink<Count>;
  // The collecting sink is at-least-once (what came after the checkpoint comes again), but state is
  // exact: each key counts to its end, every count once at least, none past the end.
  const counts = new Map<number, Set<number>>();
  for (const { key, count } of sink.values) counts.set(key, (counts.get(key) ?? new Set()).add(count));
  expect(counts.size).toBe(KEYS);
  for (const seen of counts.values()) {
    expect(Math.max(...seen)).toBe(EVENTS / KEYS);
    expect(seen.size).toBe(EVENTS / KEYS);
  }
  // Restored, not rerun from scratch: the first attempt's output was kept, so less than all came twice.
  expect(sink.values.length).toBeLessThan(2 * EVENTS);
  expect(sink.values.length).toBeGreaterThan(EVENTS);
}, 60_000);
