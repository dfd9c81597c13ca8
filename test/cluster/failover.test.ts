/**
 * Failover (issue 3): a TaskManager killed with SIGKILL mid-job is noticed by the JobManager within
 * the heartbeat timeout; the job restarts from the beginning on the remaining slots when its restart
 * strategy allows, and fails with the lost TaskManager as the cause when it does not.
 */
import type { CollectSink } from '@weir/api';
import { isClientSink, type StreamGraph } from '@weir/core';
import * as path from 'node:path';
import { runOnCluster } from './cluster-job-runs';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS, TestCluster } from './cluster-processes';

const PACED_TOTALS = path.join(__dirname, 'fixtures', 'paced-totals.ts');
const EVENTS = 30_000;

const cluster = new TestCluster(`failover-${process.pid}`);
beforeAll(() => cluster.start(2, 2));
afterAll(() => cluster.stop());

interface Total {
  key: string;
  amount: number;
}

function totalsOf(graph: StreamGraph): Total[] {
  for (const node of graph.nodes.values()) {
    if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) {
      return (node.operator.sink as CollectSink<Total>).values;
    }
  }
  throw new Error('no collecting sink');
}

/** The last total of every key: what `events` records of paced-totals sum up to. */
function expectedFinalTotals(events: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (let i = 0; i < events; i++) totals[`k${i % 37}`] = (totals[`k${i % 37}`] ?? 0) + (i % 11);
  return totals;
}

function finalTotals(totals: Total[]): Record<string, number> {
  const byKey: Record<string, number> = {};
  for (const t of totals) byKey[t.key] = Math.max(byKey[t.key] ?? 0, t.amount);
  return byKey;
}

/** Starts paced-totals at parallelism 2, one slot on each TaskManager, and resolves once it makes progress. */
async function startPacedTotals(restart: 'fixed' | 'none') {
  const run = runOnCluster(cluster.client, PACED_TOTALS, { events: String(EVENTS), rate: '5000', restart }, 2);
  const jobId = await cluster.waitFor(async () => {
    const job = (await cluster.client.list()).find((j) => j.jobName === 'paced-totals' && j.status === 'running');
    return job?.jobId;
  });
  const detail = await cluster.waitFor(async () => {
    const d = await cluster.client.job(jobId);
    return d.recordsFromSources > 2000 ? d : undefined;
  });
  return { run, jobId, detail };
}

/** When the JobManager logged that `tmId` was lost (its JSON log lines carry a timestamp). */
function lostLoggedAt(tmId: string): { at: number; message: string } | undefined {
  for (const line of cluster.jobManager.output().split('\n')) {
    if (!line.includes(`TaskManager ${tmId} (`) || !line.includes('was lost')) continue;
    const { timestamp, message } = JSON.parse(line) as { timestamp: number; message: string };
    return { at: timestamp, message };
  }
  return undefined;
}

/** Why the job's attempts failed, as the JobManager logged them. */
function attemptFailures(jobId: string): string[] {
  return cluster.jobManager
    .output()
    .split('\n')
    .filter((line) => line.includes(`"Job ${jobId} attempt `))
    .map((line) => (JSON.parse(line) as { message: string }).message);
}

describe('losing a TaskManager mid-job', () => {
  it('is noticed within the heartbeat timeout, and the job restarts on the remaining slots', async () => {
    const { run, jobId, detail } = await startPacedTotals('fixed');
    expect(new Set(detail.subtasks.map((s) => s.taskManager))).toEqual(new Set(['tm-1', 'tm-2']));

    const killedAt = Date.now();
    cluster.taskManagers.get('tm-1')!.child.kill('SIGKILL');
    const { job, graph } = await run;

    const lost = await cluster.waitFor(async () => lostLoggedAt('tm-1'));
    expect(lost.message).toMatch(/was lost: no heartbeat for \d+ ms \(heartbeatTimeoutMs 1500\)/);
    // Noticed within the timeout, counted from the last heartbeat before the kill, plus a liveness check.
    expect(lost.at - killedAt).toBeLessThanOrEqual(HEARTBEAT_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS + 800);

    expect(job.status).toBe('finished');
    // One restart, for the lost TaskManager; should there be more, their reasons show here.
    expect(attemptFailures(jobId)).toEqual([
      expect.stringMatching(/attempt 1 failed: TaskManager tm-1 \(.*\) was lost/),
    ]);
    expect(job.restarts).toBe(1);
    // From the beginning, and only the new attempt's output counts: every record once.
    const totals = totalsOf(graph);
    expect(totals).toHaveLength(EVENTS);
    expect(finalTotals(totals)).toEqual(expectedFinalTotals(EVENTS));

    const after = await cluster.client.job(jobId);
    expect(after.attempt).toBe(2);
    expect(after.subtasks.every((s) => s.taskManager === 'tm-2' && s.state === 'finished')).toBe(true);
    expect((await cluster.client.taskManagers()).map((tm) => tm.tmId)).toEqual(['tm-2']);
  });

  it('fails a job without a restart strategy, with the lost TaskManager as the cause', async () => {
    cluster.startTaskManager('tm-3', 2);
    await cluster.untilTaskManagers(2);
    const { run, detail } = await startPacedTotals('none');
    expect(new Set(detail.subtasks.map((s) => s.taskManager))).toEqual(new Set(['tm-2', 'tm-3']));

    cluster.taskManagers.get('tm-3')!.child.kill('SIGKILL');
    const { job, failure } = await run;
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^Job 'paced-totals' failed: TaskManager tm-3 \(.*\) was lost: no heartbeat for \d+ ms/);
    expect(failure?.cause?.name).toBe('RuntimeFailure');
    // The cluster goes on: the surviving TaskManager's slots are free again.
    await cluster.waitFor(async () => {
      const tms = await cluster.client.taskManagers();
      return tms.length === 1 && tms[0].freeSlots === 2 ? true : undefined;
    });
  });
});
