import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RecordError, SourceTestDriver, WeirError } from '@weir/connector-sdk';
import { fileSource, type FileSplit } from './index';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-file-gzip-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeGzip(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(content));
  return path;
}

describe('fileSource over gzip files', () => {
  it('decompresses .gz files, each one split, beside plain ones', async () => {
    const big = Array.from({ length: 300_000 }, (_, i) => `gz-${i}-${'y'.repeat(i % 23)}`);
    writeGzip('a.log.gz', big.join('\n') + '\n');
    writeFileSync(join(dir, 'b.log'), 'plain-1\nplain-2\n');
    const driver = new SourceTestDriver(fileSource({ path: dir, splitSizeBytes: 4096 }), { parallelism: 2 });
    const outputs = await driver.runToEndAsync();
    driver.close();
    expect(outputs.flat().sort()).toEqual([...big, 'plain-1', 'plain-2'].sort());
    const gzipSplits = driver.assignments.flatMap((a) => a.splitIds).filter((id) => id.includes('.gz'));
    expect(gzipSplits).toEqual([`${join(dir, 'a.log.gz')}:0`]);
  });

  it('checkpoints the decompressed offset, and a new reader resumes there exactly', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const path = writeGzip('a.txt.gz', lines.join('\n'));
    const source = fileSource({ path });
    const before = new SourceTestDriver(source, { parallelism: 1 });
    await before.runToEndAsync({ until: () => before.outputs[0].length >= 2000 });
    const emitted = before.outputs[0].length;
    expect(before.outputs[0]).toEqual(lines.slice(0, emitted));
    const [split] = before.readers[0].snapshotState(1);
    expect(split).toEqual({
      splitId: `${path}:0`,
      path,
      position: Buffer.byteLength(lines.slice(0, emitted).join('\n') + '\n'),
      end: Number.MAX_SAFE_INTEGER,
    });
    before.close();

    const after = new SourceTestDriver(source, {
      parallelism: 1,
      enumeratorCheckpoint: before.enumerator.snapshotState(1),
      readerSplits: [[split]],
    });
    expect(await after.runToEndAsync()).toEqual([lines.slice(emitted)]);
    after.close();
  });

  it('closes the file when a reader is closed mid-file', async () => {
    const path = writeGzip('many.txt.gz', Array.from({ length: 300_000 }, (_, i) => `line ${i}`).join('\n'));
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 5; i++) {
      const driver = new SourceTestDriver(fileSource({ path }), { parallelism: 1 });
      await driver.runToEndAsync({ until: () => driver.outputs[0].length > 0 });
      driver.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openFiles()).toBe(before);
  });

  it('names the file and line of a malformed line inside a gzip file', async () => {
    const path = writeGzip('bad.jsonl.gz', '{"a":1}\n{"a":2}\n{"a":\n');
    const driver = new SourceTestDriver(fileSource({ path, format: 'jsonl' }), { parallelism: 1 });
    const run = driver.runToEndAsync();
    await expect(run).rejects.toThrow(RecordError);
    await expect(run).rejects.toThrow(new RegExp(`^fileSource: malformed JSON record in '${path}' at line 3: `));
    driver.close();
  });

  it('fails with the file named when a .gz file is not gzip', async () => {
    const path = join(dir, 'fake.gz');
    writeFileSync(path, 'not compressed\n');
    const driver = new SourceTestDriver(fileSource({ path }), { parallelism: 1 });
    const run = driver.runToEndAsync();
    await expect(run).rejects.toThrow(WeirError);
    await expect(run).rejects.toThrow(`fileSource: cannot read the gzip file '${path}': incorrect header check`);
    driver.close();
  });

  it('reads a split restored past the end of a gzip file as finished', async () => {
    const path = writeGzip('short.gz', 'a\nb\n');
    const split: FileSplit = { splitId: `${path}:0`, path, position: 4, end: Number.MAX_SAFE_INTEGER };
    const driver = new SourceTestDriver(fileSource({ path }), {
      parallelism: 1,
      enumeratorCheckpoint: { pending: [], seenPaths: [] },
      readerSplits: [[split]],
    });
    expect(await driver.runToEndAsync()).toEqual([[]]);
    driver.close();
  });
});
