/**
 * A third-party connector loaded the way a cluster loads it: by package name, from a directory where
 * it is installed (here linked, as `npm install <folder>` or `npm link` would), never imported. The
 * sample plugin under test/plugins is no workspace: it sees Weir only through its peer dependencies.
 */
import { StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { ConfigError, loadConnectorPlugins, type LoadedConnectors } from '@weir/connector-sdk';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PLUGIN = '@acme/weir-connector-sample';
const PLUGIN_SOURCE = resolve(__dirname, '../../plugins/weir-connector-sample');

interface Item {
  n: number;
  text: string;
}

let cluster: string;
let output: string;
let loaded: LoadedConnectors | undefined;

beforeEach(() => {
  cluster = mkdtempSync(join(tmpdir(), 'weir-plugins-'));
  mkdirSync(join(cluster, 'node_modules', '@acme'), { recursive: true });
  symlinkSync(PLUGIN_SOURCE, join(cluster, 'node_modules', PLUGIN), 'dir');
  output = join(cluster, 'out');
  mkdirSync(output);
});

afterEach(async () => {
  await loaded?.close();
  loaded = undefined;
  rmSync(cluster, { recursive: true, force: true });
});

describe('loadConnectorPlugins', () => {
  it('loads a plugin by package name and runs a job through its source and sink', async () => {
    loaded = await loadConnectorPlugins([{ package: PLUGIN, options: { prefix: 'item-' } }], { from: cluster });
    expect(loaded.modules.map((m) => m.connectorName)).toEqual(['sample']);
    const { registry } = loaded;
    expect([registry.sourceNames(), registry.sinkNames()]).toEqual([['sample-sequence'], ['sample-jsonl']]);

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        registry.createSource('sample-sequence', { count: 1050 }),
        WatermarkStrategy.noWatermarks<Item>(),
        'sample',
      )
      .filter((item) => item.n % 2 === 0)
      .map((item) => ({ n: item.n * 10, text: item.text.toUpperCase() }))
      .sinkTo(registry.createSink('sample-jsonl', { directory: output }));
    await (await env.execute('through a plugin')).result();

    const written = readdirSync(output)
      .sort()
      .flatMap((file) => readFileSync(join(output, file), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as Item)
      .sort((a, b) => a.n - b.n);
    const expected = Array.from({ length: 525 }, (_, i) => ({ n: (i + 1) * 20, text: `ITEM-${(i + 1) * 2}` }));
    expect(written).toEqual(expected);
    expect(readdirSync(output).sort()).toEqual(['part-0.jsonl', 'part-1.jsonl']);
  });

  it('names a package that is not installed where the cluster looks', async () => {
    const attempt = loadConnectorPlugins(['@acme/weir-connector-missing'], { from: cluster });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(loadConnectorPlugins(['@acme/weir-connector-missing'], { from: cluster })).rejects.toThrow(
      `connectors: the connector package '@acme/weir-connector-missing' cannot be found from '${cluster}'. ` +
        'Install it there (npm install @acme/weir-connector-missing)',
    );
  });

  it('names a package that exports no connector module', async () => {
    const fake = join(cluster, 'node_modules', 'not-a-connector');
    mkdirSync(fake);
    writeFileSync(join(fake, 'package.json'), '{"name":"not-a-connector","main":"index.js"}');
    writeFileSync(join(fake, 'index.js'), 'module.exports = { hello: () => 1 };');
    await expect(loadConnectorPlugins(['not-a-connector'], { from: cluster })).rejects.toThrow(
      "connectors: the package 'not-a-connector' exports no connector module.",
    );
  });

  it("names a bad option of the plugin's module and of its factories", async () => {
    await expect(
      loadConnectorPlugins([{ package: PLUGIN, options: { prefix: 7 } }], { from: cluster }),
    ).rejects.toThrow("sample connector module: invalid options: 'prefix' must be a string (got 7).");
    loaded = await loadConnectorPlugins([PLUGIN], { from: cluster });
    expect(() => loaded!.registry.createSource('sample-sequence', { count: 0 })).toThrow(
      "source 'sample-sequence': invalid options: 'count' must not be less than 1 (got 0).",
    );
    expect(() => loaded!.registry.createSink('sample-jsonl', {})).toThrow(
      "sink 'sample-jsonl': invalid options: 'directory' must be a string (got nothing).",
    );
    expect(() => loaded!.registry.createSource('kafka')).toThrow(
      "ConnectorRegistry: no source named 'kafka' is registered (sources: sample-sequence).",
    );
  });
});
