/**
 * Connector plugins on a cluster (issue 5, DESIGN.md §8): a third-party connector package listed in
 * the cluster's `connectors` is loaded by the JobManager and every TaskManager slot at start-up, and a
 * job names its source and sink; a plugin that cannot load stops the process, naming it.
 */
import { bundleJobFile } from '@weir/runtime';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JOBMANAGER_MAIN, startProcess, TASKMANAGER_MAIN, TestCluster } from './cluster-processes';

const PLUGIN = '@acme/weir-connector-sample';
const PLUGIN_SOURCE = path.resolve(__dirname, '../plugins/weir-connector-sample');

// Installed where the cluster looks (here linked, as `npm install <folder>` would), never in the workspace.
const installation = mkdtempSync(path.join(tmpdir(), 'weir-cluster-plugins-'));
mkdirSync(path.join(installation, 'node_modules', '@acme'), { recursive: true });
symlinkSync(PLUGIN_SOURCE, path.join(installation, 'node_modules', PLUGIN), 'dir');
const configFile = path.join(installation, 'cluster.json');
writeFileSync(
  configFile,
  JSON.stringify({ connectors: [{ package: PLUGIN, options: { prefix: 'item-' } }], connectorsFrom: installation }),
);

const cluster = new TestCluster(`plugins-${process.pid}`, ['--config', configFile]);

beforeAll(async () => {
  // Every process of the cluster reads the same config file, the TaskManagers through the environment.
  process.env.WEIR_CONFIG = configFile;
  await cluster.start(2, 2);
}, 60_000);

afterAll(async () => {
  delete process.env.WEIR_CONFIG;
  await cluster.stop();
  rmSync(installation, { recursive: true, force: true });
});

describe('connector plugins on a cluster', () => {
  it('lists the built-in connectors and the plugin among the sources and sinks a job may name', async () => {
    const listed = (await (await fetch(`${cluster.url}/connectors`)).json()) as { sources: string[]; sinks: string[] };
    expect(listed.sources).toEqual(
      expect.arrayContaining(['files', 'jdbc', 'kafka', 'nats', 'pulsar', 'sample-sequence']),
    );
    expect(listed.sinks).toEqual(expect.arrayContaining(['files', 'jdbc', 'kafka', 'nats', 'pulsar', 'sample-jsonl']));
  });

  it("runs a job that names the plugin's source and sink, at parallelism 4 across both TaskManagers", async () => {
    const output = path.join(installation, 'out');
    mkdirSync(output);
    const bundle = await bundleJobFile(path.join(__dirname, 'fixtures/sample-plugin-job.ts'));
    const { jobId } = await cluster.client.submit({ bundle, args: { count: '3000', output }, parallelism: 4 });
    const detail = await cluster.waitFor(async () => {
      const job = await cluster.client.job(jobId);
      return job.status === 'finished' || job.status === 'failed' ? job : undefined;
    }, 30_000);
    expect(detail).toMatchObject({ status: 'finished' });
    expect(new Set(detail.subtasks.map((s) => s.taskManager))).toEqual(new Set(['tm-1', 'tm-2']));

    const written = readdirSync(output)
      .flatMap((file) => readFileSync(path.join(output, file), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as { n: number; text: string })
      .sort((a, b) => a.n - b.n);
    // The module's option (prefix 'item-') reached the plugin on the TaskManagers.
    expect(written).toEqual(Array.from({ length: 1000 }, (_, i) => ({ n: (i + 1) * 3, text: `item-${(i + 1) * 3}` })));
  });

  it.each([
    ['JobManager', JOBMANAGER_MAIN],
    ['TaskManager', TASKMANAGER_MAIN],
  ])('a %s whose plugin is not installed does not start, naming the package', async (_, main) => {
    const started = startProcess(main, [
      '--cluster-id',
      `plugins-missing-${process.pid}`,
      '--connectors',
      `${PLUGIN},@acme/weir-connector-missing`,
      '--connectors-from',
      installation,
    ]);
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain(
      `connectors: the connector package '@acme/weir-connector-missing' cannot be found from '${installation}'.`,
    );
  });

  it('refuses a connectors entry that is neither a package name nor { package, options }', async () => {
    const bad = path.join(installation, 'bad.json');
    writeFileSync(bad, JSON.stringify({ connectors: [PLUGIN, { package: PLUGIN, option: {} }] }));
    const started = startProcess(TASKMANAGER_MAIN, ['--config', bad], { WEIR_CONFIG: '' });
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain(
      `connectors (from config file ${bad}): connectors must be a list of connector package names or ` +
        `{ package, options }: entry 1 ('${PLUGIN}') has unknown fields: option`,
    );
  });
});
