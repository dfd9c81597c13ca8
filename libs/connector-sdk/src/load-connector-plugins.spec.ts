import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@weir/common';
import { loadConnectorPlugins, startConnectors } from './load-connector-plugins';

describe('loadConnectorPlugins', () => {
  it('gives an empty registry when the cluster lists no connectors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-no-plugins-'));
    try {
      const loaded = await loadConnectorPlugins([], { from: dir });
      expect([loaded.registry.sourceNames(), loaded.registry.sinkNames(), loaded.modules]).toEqual([[], [], []]);
      await loaded.close();
      const started = await startConnectors([]);
      expect(started.registry.sourceNames()).toEqual([]);
      await started.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an entry that names no package', async () => {
    await expect(
      loadConnectorPlugins([{ options: {} } as unknown as { package: string }], { from: '.' }),
    ).rejects.toThrow(ConfigError);
    await expect(loadConnectorPlugins([''], { from: '.' })).rejects.toThrow(
      'connectors: each entry must be a package name or { package, options }, not "".',
    );
  });
});
