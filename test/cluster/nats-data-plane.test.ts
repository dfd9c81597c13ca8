/**
 * The data plane on NATS (issue 3): two hosts of subtasks linked only through the machine's NATS
 * server, each with its own connection, run a job with the job coordinator as embedded mode does.
 */
import { CollectSink } from '@weir/api';
import { isClientSink, type JobBuildOptions, type StreamGraph } from '@weir/core';
import {
  bundleJobFile,
  creditSubject,
  dataSubject,
  executeLocally,
  JobCoordinator,
  JobGraph,
  loadJobBundle,
  type CoordinatorGateway,
  type DataPlaneScope,
  type HostHandle,
  type JobBundle,
} from '@weir/runtime';
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { ensureNatsServer } from '../support/nats-server';
import { NatsHost, type NatsHostOptions } from './nats-host';
import { ProcessHost } from './process-host';

const ROOT = join(__dirname, '..', '..');

interface Total {
  key: string;
  amount: number;
  at: number;
}

let natsUrl: string;
beforeAll(async () => {
  natsUrl = await ensureNatsServer();
});

const keyedTotals = join(__dirname, 'fixtures', 'keyed-totals.ts');
const slowSink = join(__dirname, '..', 'runtime', 'fixtures', 'slow-sink.ts');

function collectSinkOf(graph: StreamGraph): CollectSink<Total> {
  for (const node of graph.nodes.values()) {
    if (node.operator.kind === 'sink' && isClientSink(node.operator.sink))
      return node.operator.sink as CollectSink<Total>;
  }
  throw new Error('the job has no collecting sink');
}

/** What every host of a run is given; each kind of host adds its own. */
interface HostSetting {
  natsUrl: string;
  scope: DataPlaneScope;
  bundle: JobBundle;
  buildOptions: JobBuildOptions;
  hostIndex: number;
  numberOfHosts: number;
}

type MakeHost<H extends HostHandle> = (setting: HostSetting, attempt: number, gateway: CoordinatorGateway) => H;

/** Starts the job on two hosts under a coordinator on this thread; the hosts share nothing but NATS. */
function runOnNats<H extends HostHandle>(
  bundle: JobBundle,
  graph: StreamGraph,
  makeHost: MakeHost<H>,
): { coordinator: JobCoordinator; hosts: H[]; scope: DataPlaneScope } {
  // Attempt 1: these jobs do not restart; each host puts its own attempt in its scope.
  const scope = { clusterId: 'test', jobId: randomUUID(), attempt: 1 };
  const buildOptions = { args: graph.jobParameters, parallelism: graph.config.parallelism };
  const hosts: H[] = [];
  const coordinator = new JobCoordinator(scope.jobId, graph, JobGraph.fromStreamGraph(graph), (attempt, gateway) => {
    hosts.length = 0;
    for (let hostIndex = 0; hostIndex < 2; hostIndex++) {
      hosts.push(makeHost({ natsUrl, scope, bundle, buildOptions, hostIndex, numberOfHosts: 2 }, attempt, gateway));
    }
    return hosts;
  });
  coordinator.start();
  return { coordinator, hosts, scope };
}

function inThisProcess(extra: Partial<NatsHostOptions> = {}): MakeHost<NatsHost> {
  return (setting, attempt, gateway) => new NatsHost({ logError: () => {}, ...setting, ...extra }, attempt, gateway);
}

/** The last (final) total of every key, and how many totals were emitted. */
function finalTotals(totals: Total[]): { count: number; byKey: Record<string, number> } {
  const byKey: Record<string, number> = {};
  for (const t of totals) byKey[t.key] = Math.max(byKey[t.key] ?? 0, t.amount);
  return { count: totals.length, byKey };
}

/** Runs keyed-totals at parallelism 4 on two hosts and checks it against the embedded run. */
async function expectSameResultAsEmbedded<H extends HostHandle>(makeHost: MakeHost<H>): Promise<H[]> {
  const bundle = await bundleJobFile(keyedTotals);
  const buildOptions = { args: { events: '60000' }, parallelism: 4 };

  const embeddedGraph = loadJobBundle(bundle).buildGraph(buildOptions);
  await (await executeLocally(embeddedGraph, { bundle })).result();
  const embedded = finalTotals(collectSinkOf(embeddedGraph).values);

  const graph = loadJobBundle(bundle).buildGraph(buildOptions);
  const { coordinator, hosts } = runOnNats(bundle, graph, makeHost);
  const result = await coordinator.result;
  expect(result.restarts).toBe(0);
  const onNats = finalTotals(collectSinkOf(graph).values);

  expect(onNats).toEqual(embedded);
  expect(onNats.count).toBe(60_000);
  // Every amount i % 11 of the 60 000 records is counted once.
  let expected = 0;
  for (let i = 0; i < 60_000; i++) expected += i % 11;
  expect(Object.values(onNats.byKey).reduce((a, b) => a + b, 0)).toBe(expected);
  return hosts;
}

/**
 * Samples a running slow-sink job: the sinks make progress, and what is in flight stays bounded.
 * Without credit the sources would make millions of records a second. With it, what is in flight is
 * at most the credits' worth of batches per channel (2 remote channels of 8 × 2048 records, 2 local
 * ones of 4 × 512) plus the batches being filled, and it does not grow.
 */
async function expectBoundedInFlight(coordinator: JobCoordinator): Promise<void> {
  const inFlight: number[] = [];
  for (let sample = 0; sample < 4; sample++) {
    await new Promise((resolve) => setTimeout(resolve, 750));
    const { recordsFromSources, recordsToSinks } = coordinator.progress();
    inFlight.push(recordsFromSources - recordsToSinks);
  }
  expect(coordinator.status).toBe('running');
  // The sinks do work: tens of thousands of records a second each.
  expect(coordinator.progress().recordsToSinks).toBeGreaterThan(20_000);
  for (const n of inFlight) expect(n).toBeLessThan(60_000);
}

describe('the data plane on NATS: two hosts in this process, each with its own NATS connection', () => {
  it('runs a keyed job with the same result as the embedded run', async () => {
    const hosts = await expectSameResultAsEmbedded(inThisProcess());
    expect(hosts.map((h) => h.receiver!.droppedMessages)).toEqual([0, 0]);
    // The hosts share no memory: everything between them went through NATS, both ways (data and credits).
    for (const host of hosts) {
      expect(host.messages.sent).toBeGreaterThan(10);
      expect(host.messages.received).toBeGreaterThan(10);
    }
  });

  it('holds a fast source on one host at the rate of a slow sink on the other', async () => {
    const bundle = await bundleJobFile(slowSink);
    const graph = loadJobBundle(bundle).buildGraph({ args: {}, parallelism: 2 });
    const { coordinator } = runOnNats(bundle, graph, inThisProcess());
    try {
      await expectBoundedInFlight(coordinator);
    } finally {
      await coordinator.cancel();
    }
    expect(coordinator.status).toBe('canceled');
  });

  it('drops and counts garbage published on data and credit subjects, and the job goes on', async () => {
    const bundle = await bundleJobFile(keyedTotals);
    const buildOptions = { args: { events: '20000' }, parallelism: 2 };
    const graph = loadJobBundle(bundle).buildGraph(buildOptions);
    const logged: string[] = [];
    const publisher = await connect({ servers: natsUrl });
    try {
      const { coordinator, hosts } = runOnNats(
        bundle,
        graph,
        inThisProcess({
          logError: (message) => logged.push(message),
          afterDeploy: async (host) => {
            if (host.subtasks[0].subtask !== 1) return;
            // The keyed vertex's subtask on host 1: a receiver of the shuffle.
            const target = host.subtasks[host.subtasks.length - 1];
            publisher.publish(dataSubject(host.scope, target), new TextEncoder().encode('{"records": "not really"}'));
            publisher.publish(dataSubject(host.scope, target), new Uint8Array(0));
            publisher.publish(creditSubject(host.scope, target), Uint8Array.of(0x57, 5, 1));
            await publisher.flush();
            const deadline = Date.now() + 5000;
            while (host.receiver!.droppedMessages < 3 && Date.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          },
        }),
      );
      await coordinator.result;
      expect(hosts.map((h) => h.receiver!.droppedMessages)).toEqual([0, 3]);
      expect(logged).toHaveLength(3);
      expect(JSON.parse(logged[0])).toMatchObject({
        level: 'error',
        msg: 'Dropped a message on the data plane',
        reason: expect.stringMatching(/not a Weir data envelope/),
        droppedMessages: 1,
      });
      expect(JSON.parse(logged[2]).reason).toMatch(/not a Weir credit envelope/);
      const totals = finalTotals(collectSinkOf(graph).values);
      expect(totals.count).toBe(20_000);
      expect(Object.keys(totals.byKey)).toHaveLength(37);
    } finally {
      await publisher.drain();
    }
  });
});

describe('the data plane on NATS: two task host processes', () => {
  const directory = mkdtempSync(join(tmpdir(), 'weir-task-host-'));
  const script = join(directory, 'task-host-process.js');
  const inProcesses: MakeHost<ProcessHost> = (setting, attempt, gateway) =>
    new ProcessHost({ ...setting, script, nodePath: join(ROOT, 'node_modules') }, attempt, gateway);

  beforeAll(async () => {
    await build({
      entryPoints: [join(__dirname, 'fixtures', 'task-host-process.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['@weir/*', 'nats'],
      outfile: script,
      logLevel: 'silent',
    });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('runs a keyed job with the same result as the embedded run', async () => {
    const hosts = await expectSameResultAsEmbedded(inProcesses);
    expect(new Set([process.pid, ...hosts.map((h) => h.pid)]).size).toBe(3);
  });

  it('holds a fast source in one process at the rate of a slow sink in the other, and drops garbage', async () => {
    const bundle = await bundleJobFile(slowSink);
    const graph = loadJobBundle(bundle).buildGraph({ args: {}, parallelism: 2 });
    const { coordinator, hosts, scope } = runOnNats(bundle, graph, inProcesses);
    const publisher = await connect({ servers: natsUrl });
    try {
      await expectBoundedInFlight(coordinator);
      // Subtask 1 of the sink's vertex lives in the second process.
      const sinkVertex = JobGraph.fromStreamGraph(graph).vertices.at(-1)!.id;
      publisher.publish(dataSubject(scope, { vertex: sinkVertex, subtask: 1 }), Uint8Array.of(1, 2, 3));
      publisher.publish(dataSubject(scope, { vertex: sinkVertex, subtask: 1 }), new TextEncoder().encode('hello'));
      await publisher.flush();
      const deadline = Date.now() + 5000;
      while (hosts[1].droppedMessages < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(hosts.map((h) => h.droppedMessages)).toEqual([0, 2]);
      const before = coordinator.progress().recordsToSinks;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(coordinator.status).toBe('running');
      expect(coordinator.progress().recordsToSinks).toBeGreaterThan(before);
    } finally {
      await publisher.drain();
      await coordinator.cancel();
    }
    expect(coordinator.status).toBe('canceled');
  });
});
