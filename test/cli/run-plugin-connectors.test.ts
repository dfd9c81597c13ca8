/**
 * `weir run` of a job that names its connectors (installedConnectors()): the built-in ones are
 * loaded when the job asks for them, and a plugin package listed in --connectors or in the cluster's
 * config file (WEIR_CONFIG) is loaded too, in the CLI process that builds the job and on every worker
 * thread of an embedded run; submitted with --jobmanager, the job runs on a cluster that lists the
 * same plugin. Real processes: the built CLI, and a JobManager and TaskManagers.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestCluster } from '../cluster/cluster-processes';
import { weir } from './weir-process';

const PLUGIN = '@acme/weir-connector-sample';
const JOB = 'test/cluster/fixtures/sample-plugin-job.ts';

// Installed outside the workspace (linked, as `npm install <folder>` would), where --connectors-from points.
const installation = mkdtempSync(path.join(tmpdir(), 'weir-run-plugins-'));
mkdirSync(path.join(installation, 'node_modules', '@acme'), { recursive: true });
symlinkSync(
  path.resolve(__dirname, '../plugins/weir-connector-sample'),
  path.join(installation, 'node_modules', PLUGIN),
  'dir',
);
// The cluster's config file: the plugin with a module option, beside another setting of the cluster's.
const configFile = path.join(installation, 'cluster.json');
writeFileSync(
  configFile,
  JSON.stringify({
    connectors: [{ package: PLUGIN, options: { prefix: 'item-' } }],
    connectorsFrom: installation,
    heartbeatTimeoutMs: 5000,
  }),
);

afterAll(() => rmSync(installation, { recursive: true, force: true }));

let outputs = 0;
function outputDirectory(): string {
  const directory = path.join(installation, `out-${++outputs}`);
  mkdirSync(directory);
  return directory;
}

/** What the plugin's sink wrote: every third number up to `count`, with its text. */
function written(directory: string): { n: number; text: string }[] {
  return readdirSync(directory)
    .flatMap((file) => readFileSync(path.join(directory, file), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as { n: number; text: string })
    .sort((a, b) => a.n - b.n);
}

const thirds = (count: number, prefix: string) =>
  Array.from({ length: Math.floor(count / 3) }, (_, i) => ({ n: (i + 1) * 3, text: `${prefix}${(i + 1) * 3}` }));

describe('weir run with connector plugins, embedded', () => {
  it('loads the package of --connectors in the CLI and on each worker thread', async () => {
    const output = outputDirectory();
    const args = ['--connectors', PLUGIN, '--connectors-from', installation, '--count', '300', '--output', output];
    const { code, stderr } = await weir(['run', JOB, '-p', '3', ...args]);
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stderr).toMatch(/^Job 'sample-plugin' finished in .*: 300 records from sources, 100 to sinks\n$/);
    expect(written(output)).toEqual(thirds(300, ''));
  }, 60_000);

  it("loads the plugins of the cluster's config file (WEIR_CONFIG), with their options", async () => {
    const output = outputDirectory();
    const { code, stderr } = await weir(['run', JOB, '-p', '2', '--count', '90', '--output', output], {
      env: { WEIR_CONFIG: configFile },
    });
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(written(output)).toEqual(thirds(90, 'item-'));
  }, 60_000);

  it('weir info builds such a job with the same connectors', async () => {
    const { code, stdout } = await weir(['info', JOB, '--json', '--count', '9', '--output', installation], {
      env: { WEIR_CONNECTORS: PLUGIN, WEIR_CONNECTORS_FROM: installation },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ jobName: 'sample-plugin' });
  }, 60_000);

  it('names a connector that is not installed, and the ones that are', async () => {
    const { code, stderr } = await weir(['run', JOB, '--count', '9', '--output', outputDirectory()]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "no source named 'sample-sequence' is registered (sources: files, jdbc, kafka, nats, pulsar)",
    );
  }, 60_000);

  it('names a package of --connectors that cannot be found', async () => {
    const { code, stderr } = await weir([
      'run',
      JOB,
      '--connectors',
      '@acme/weir-connector-missing',
      '--connectors-from',
      installation,
      '--count',
      '9',
      '--output',
      outputDirectory(),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `connectors: the connector package '@acme/weir-connector-missing' cannot be found from '${installation}'.`,
    );
  }, 60_000);
});

describe('weir run --jobmanager with connector plugins', () => {
  const cluster = new TestCluster(`run-plugins-${process.pid}`);

  beforeAll(async () => {
    // The cluster's processes read the config file through the environment they start with.
    process.env.WEIR_CONFIG = configFile;
    try {
      await cluster.start(1, 2);
    } finally {
      delete process.env.WEIR_CONFIG;
    }
  }, 60_000);

  afterAll(() => cluster.stop());

  it('builds the job with the same plugins, submits it and follows it to its end on the cluster', async () => {
    const output = outputDirectory();
    const { code, stderr } = await weir(
      ['run', JOB, '-p', '2', '--jobmanager', cluster.url, '--count', '600', '--output', output],
      { env: { WEIR_CONFIG: configFile } },
    );
    expect({ code, stderr }).toMatchObject({ code: 0, stderr: expect.stringContaining('submitted to') });
    expect(stderr).toMatch(/Job 'sample-plugin' finished in .*: 600 records from sources, 200 to sinks/);
    expect(written(output)).toEqual(thirds(600, 'item-'));
  }, 60_000);
});
