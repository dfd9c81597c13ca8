import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceTestDriver } from '@weir/connector-sdk';
import { fileSource } from './index';

let dir: string;
let staging: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-file-monitor-'));
  staging = mkdtempSync(join(tmpdir(), 'weir-file-staging-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
});

/** Writes a file elsewhere and moves it in whole, as a monitored directory expects. */
function moveIn(name: string, content: string | Buffer): void {
  writeFileSync(join(staging, name), content);
  renameSync(join(staging, name), join(dir, name));
}

describe('fileSource with monitorIntervalMs', () => {
  it('is unbounded, and reads the files that appear, each once', async () => {
    moveIn('1.txt', 'one\n');
    const source = fileSource({ path: dir, monitorIntervalMs: 20 });
    expect(source.boundedness).toBe('unbounded');
    const driver = new SourceTestDriver(source, { parallelism: 2 });
    const all = () => driver.outputs.flat().sort();
    await driver.runToEndAsync({ until: () => all().length === 1 });
    moveIn('2.txt', 'two\nthree\n');
    moveIn('3.txt.gz', gzipSync('four\n'));
    await driver.runToEndAsync({ until: () => all().length === 4 });
    expect(all()).toEqual(['four', 'one', 'three', 'two']);

    const checkpoint = driver.enumerator.snapshotState(1);
    expect(checkpoint).toEqual({
      pending: [],
      seenPaths: [join(dir, '1.txt'), join(dir, '2.txt'), join(dir, '3.txt.gz')],
    });
    driver.close();

    // Restored, it reads only what is new.
    moveIn('4.txt', 'five\n');
    const restored = new SourceTestDriver(source, { parallelism: 1, enumeratorCheckpoint: checkpoint });
    await restored.runToEndAsync({ until: () => restored.outputs[0].length === 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    restored.deliver();
    expect(restored.outputs).toEqual([['five']]);
    restored.close();
  });

  it('waits for a pattern that matches nothing yet', async () => {
    const driver = new SourceTestDriver(
      fileSource({ path: join(dir, '*.csv'), format: 'csv', monitorIntervalMs: 20 }),
      {
        parallelism: 1,
      },
    );
    expect(driver.poll(0)).toBe('nothing-available');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(driver.poll(0)).toBe('nothing-available');
    expect(driver.assignments).toEqual([]);
    moveIn('a.csv', 'x,y\n');
    moveIn('a.txt', 'ignored\n');
    await driver.runToEndAsync({ until: () => driver.outputs[0].length === 1 });
    expect(driver.outputs).toEqual([[['x', 'y']]]);
    driver.close();
  });
});
