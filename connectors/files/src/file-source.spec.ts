import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  RecordError,
  recordSchema,
  schemaFormat,
  SourceTestDriver,
  type Source,
} from '@weir/connector-sdk';
import { fileSource, type FileEnumeratorCheckpoint, type FileSource, type FileSplit } from './index';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-file-source-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function readAll<T>(source: Source<T, FileSplit, FileEnumeratorCheckpoint>, parallelism = 1): T[][] {
  const driver = new SourceTestDriver(source, { parallelism });
  try {
    return driver.runToEnd();
  } finally {
    driver.close();
  }
}

/** Ranges are taken in file order by whichever reader asks: a reader's lines keep the file's order. */
function isSubsequence(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const line of whole) if (i < part.length && part[i] === line) i++;
  return i === part.length;
}

describe('fileSource', () => {
  describe('lines', () => {
    it('reads each line as a string, with or without a final line break', () => {
      expect(fileSource({ path: write('a.txt', 'one\ntwo\nthree\n') }).boundedness).toBe('bounded');
      expect(readAll(fileSource({ path: write('a.txt', 'one\ntwo\nthree\n') }))).toEqual([['one', 'two', 'three']]);
      expect(readAll(fileSource({ path: write('b.txt', 'one\ntwo') }))).toEqual([['one', 'two']]);
      expect(readAll(fileSource({ path: write('c.txt', 'single') }))).toEqual([['single']]);
    });

    it('keeps empty lines, drops the \\r of CRLF line breaks and a UTF-8 byte order mark', () => {
      const path = write('a.txt', '\ufeffhead\r\n\r\nmid\n\nlast\r\n\n');
      expect(readAll(fileSource({ path }))).toEqual([['head', '', 'mid', '', 'last', '']]);
    });

    it('reads an empty file as no lines', () => {
      expect(readAll(fileSource({ path: write('empty.txt', '') }))).toEqual([[]]);
    });

    it('reads every line exactly once, wherever the ranges cut the file', () => {
      const lines = [
        '',
        'alpha',
        'β-line with ünïcödé',
        'x',
        '',
        'a much longer line than the others, to cross ranges',
        'z',
      ];
      for (const [ending, last] of [
        ['\n', '\n'],
        ['\r\n', '\r\n'],
        ['\n', ''],
      ]) {
        const content = lines.join(ending) + last;
        const path = write('cut.txt', content);
        const size = Buffer.byteLength(content);
        for (let splitSizeBytes = 1; splitSizeBytes <= size + 1; splitSizeBytes++) {
          for (const parallelism of [1, 3]) {
            const outputs = readAll(fileSource({ path, splitSizeBytes }), parallelism);
            expect({ splitSizeBytes, parallelism, lines: outputs.flat().sort() }).toEqual({
              splitSizeBytes,
              parallelism,
              lines: [...lines].sort(),
            });
            for (const output of outputs) expect(isSubsequence(output, lines)).toBe(true);
          }
        }
      }
    });

    it('hands the ranges of several files to several readers', () => {
      const expected: string[] = [];
      let ranges = 0;
      for (let f = 0; f < 3; f++) {
        const content = Array.from({ length: 3000 }, (_, i) => `f${f}-line-${i}`);
        expected.push(...content);
        const text = content.join('\n') + '\n';
        ranges += Math.ceil(text.length / 10_000);
        write(`part-${f}.txt`, text);
      }
      const driver = new SourceTestDriver(fileSource({ path: dir, splitSizeBytes: 10_000 }), { parallelism: 3 });
      const outputs = driver.runToEnd();
      driver.close();
      expect(outputs.flat().sort()).toEqual(expected.sort());
      expect(outputs.every((o) => o.length > 0)).toBe(true);
      const splitIds = driver.assignments.flatMap((a) => a.splitIds);
      expect(splitIds).toHaveLength(ranges);
      expect(new Set(splitIds).size).toBe(splitIds.length);
    });

    it('hands out halves of the last splits to readers that run out, down to 256 KiB, each line read once', () => {
      const kib = 1024;
      // 3 MiB of 1 KiB lines, one 4 MiB split: fewer splits than the two readers from the start.
      const lines = Array.from({ length: 3 * kib }, (_, i) => String(i).padEnd(kib - 1, '.'));
      const path = write('big.txt', lines.map((line) => `${line}\n`).join(''));
      const driver = new SourceTestDriver(fileSource({ path, splitSizeBytes: 4 * kib * kib }), { parallelism: 2 });
      const outputs = driver.runToEnd();
      driver.close();
      expect(outputs.flat().sort()).toEqual([...lines].sort());
      expect(outputs.every((output) => output.length > 0)).toBe(true);
      // 3 MiB -> 1.5 MiB out, then 768 KiB, then 384 KiB, then the last 384 KiB whole (its half is under 256 KiB).
      expect(driver.assignments.map((a) => a.splitIds)).toEqual(
        [0, 1536, 2304, 2688].map((start) => [`${path}:${start * kib}`]),
      );
    });

    it('reads a file larger than its buffer, lines straddling each refill', () => {
      const lines = Array.from({ length: 40_000 }, (_, i) => `${i}:${'x'.repeat(i % 61)}`);
      const path = write('big.txt', lines.join('\r\n'));
      expect(
        readAll(fileSource({ path, splitSizeBytes: 1_000_000 }), 2)
          .flat()
          .sort(),
      ).toEqual([...lines].sort());
      expect(readAll(fileSource({ path }))).toEqual([lines]);
    });

    it('reads a line longer than its buffer', () => {
      const long = 'L'.repeat(3 * 1024 * 1024 + 5);
      expect(readAll(fileSource({ path: write('long.txt', `a\n${long}\nb`) }))).toEqual([['a', long, 'b']]);
    });

    it('emits batches of at most 1,000 lines and checkpoints the byte offset of the next one', () => {
      const lines = Array.from({ length: 2500 }, (_, i) => `line ${i}`);
      const path = write('many.txt', lines.join('\n') + '\n');
      const source = fileSource({ path, splitSizeBytes: 1 << 20 });
      const before = new SourceTestDriver(source, { parallelism: 1 });
      expect(before.poll(0)).toBe('more-available');
      expect(before.outputs[0]).toEqual(lines.slice(0, 1000));
      const [split] = before.readers[0].snapshotState(1);
      expect(split).toEqual({
        splitId: `${path}:0`,
        path,
        position: Buffer.byteLength(lines.slice(0, 1000).join('\n') + '\n'),
        end: Buffer.byteLength(lines.join('\n') + '\n'),
      });
      before.close();

      const after = new SourceTestDriver(source, {
        parallelism: 1,
        enumeratorCheckpoint: before.enumerator.snapshotState(1),
        readerSplits: [[split]],
      });
      expect(after.runToEnd()).toEqual([lines.slice(1000)]);
      after.close();
    });

    it('restores a range checkpointed at its start, before it was aligned to a line', () => {
      const path = write('a.txt', 'first line\nsecond\nthird\n');
      const source = fileSource({ path });
      const splitFromMiddle: FileSplit = { splitId: `${path}:3`, path, position: 3, end: 13 };
      const driver = new SourceTestDriver(source, {
        parallelism: 1,
        enumeratorCheckpoint: { pending: [], seenPaths: [] },
        readerSplits: [[splitFromMiddle]],
      });
      expect(driver.runToEnd()).toEqual([['second']]);
      driver.close();
    });
  });

  describe('paths', () => {
    it('reads every file below a directory in path order, skipping hidden and _ files', () => {
      write('b.txt', 'b1\nb2\n');
      write('a.txt', 'a1\n');
      write('sub/c.txt', 'c1\n');
      write('.hidden', 'no\n');
      write('_SUCCESS', 'no\n');
      write('.git/x', 'no\n');
      expect(readAll(fileSource({ path: dir }))).toEqual([['a1', 'b1', 'b2', 'c1']]);
    });

    it('reads the files a pattern matches', () => {
      write('2024-01.csv', 'jan\n');
      write('2024-02.csv', 'feb\n');
      write('2024-02.txt', 'no\n');
      write('2023-12.csv', 'no\n');
      write('day1/events.log', 'd1\n');
      write('day2/events.log', 'd2\n');
      write('day2/other.log', 'no\n');
      expect(readAll(fileSource({ path: join(dir, '2024-*.csv') }))).toEqual([['jan', 'feb']]);
      expect(readAll(fileSource({ path: join(dir, 'day?', 'events.log') }))).toEqual([['d1', 'd2']]);
      expect(readAll(fileSource({ path: join(dir, 'day*') }))).toEqual([['d1', 'd2', 'no']]);
    });

    it('names a missing path when the job starts', () => {
      const missing = join(dir, 'nope.txt');
      const source = fileSource({ path: missing });
      expect(() => readAll(source)).toThrow(ConfigError);
      expect(() => readAll(source)).toThrow(
        `fileSource: the path '${missing}' does not exist. Check the 'path' option.`,
      );
      expect(() => readAll(fileSource({ path: join(dir, '*.none') }))).toThrow(
        `fileSource: no file matches the path '${join(dir, '*.none')}'`,
      );
    });

    it('rejects bad options when the source is declared, naming the field', () => {
      expect(() => fileSource({ path: '' })).toThrow(ConfigError);
      expect(() => fileSource({ path: '' })).toThrow(
        "fileSource: invalid options: 'path' should not be empty (got '').",
      );
      expect(() => fileSource({} as { path: string })).toThrow(
        "fileSource: invalid options: 'path' should not be empty (got nothing); 'path' must be a string (got nothing).",
      );
      expect(() => fileSource({ path: dir, format: 'xml' as 'csv' })).toThrow(
        "fileSource: invalid options: 'format' must be one of lines, csv, jsonl, or a text format from " +
          "@weir/connector-sdk (got 'xml').",
      );
      expect(() => fileSource({ path: dir, splitSizeBytes: 0 })).toThrow(
        "fileSource: invalid options: 'splitSizeBytes' must not be less than 1 (got 0).",
      );
      expect(() => fileSource({ path: dir, monitorIntervalMs: 1.5 })).toThrow(
        "'monitorIntervalMs' must be an integer number (got 1.5)",
      );
      expect(() => fileSource({ path: dir, pth: 'x' } as { path: string })).toThrow(
        "fileSource: invalid options: 'pth' is not an option.",
      );
    });
  });

  describe('csv', () => {
    it('reads each line as its fields, skipping blank lines', () => {
      const path = write('a.csv', 'id,name\r\n1,"Smith, J."\r\n\r\n2,"say ""hi"""\r\n');
      const rows: string[][][] = readAll(fileSource({ path, format: 'csv' }));
      expect(rows).toEqual([
        [
          ['id', 'name'],
          ['1', 'Smith, J.'],
          ['2', 'say "hi"'],
        ],
      ]);
    });

    it('names the file and line of a malformed record, in any range', () => {
      const good = Array.from({ length: 50 }, (_, i) => `${i},ok`);
      const path = write('bad.csv', [...good, '', 'x,"unclosed', 'y,z'].join('\n'));
      const attempt = (): unknown => readAll(fileSource({ path, format: 'csv', splitSizeBytes: 64 }), 2);
      expect(attempt).toThrow(RecordError);
      expect(attempt).toThrow(
        `fileSource: malformed CSV record in '${path}' at line 52: unterminated quoted field starting at column 3. ` +
          'Fix or remove the record, or give the source a dead-letter output.',
      );
    });
  });

  describe('jsonl', () => {
    interface Click {
      page: string;
      n: number;
    }

    it('parses each line as JSON, skipping blank lines', () => {
      const path = write('a.jsonl', '{"page":"a","n":1}\n\n  \n{"page":"b","n":2}\r\n[1,2]\n"text"\n');
      const source = fileSource<Click>({ path, format: 'jsonl' });
      const clicks: Click[][] = readAll(source);
      expect(clicks).toEqual([[{ page: 'a', n: 1 }, { page: 'b', n: 2 }, [1, 2], 'text']]);
    });

    it('names the file and line of a malformed line', () => {
      const path = write('bad.jsonl', '{"ok":1}\n{"ok":2}\n\n{"ok":\n');
      const attempt = (): unknown => readAll(fileSource({ path, format: 'jsonl' }));
      expect(attempt).toThrow(RecordError);
      expect(attempt).toThrow(new RegExp(`^fileSource: malformed JSON record in '${path}' at line 4: `));
    });

    it('fails on a malformed line, not on an error downstream of the reader', () => {
      const path = write('a.jsonl', '{"ok":1}\n');
      const source = fileSource({ path, format: 'jsonl' });
      const reader = source.createReader({ subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => {} });
      reader.addSplits([{ splitId: 'x', path, position: 0, end: 9 }]);
      const downstream = new Error('downstream failure');
      expect(() =>
        reader.pollNext({
          collect: () => {
            throw downstream;
          },
        }),
      ).toThrow(downstream);
      reader.close();
    });
  });
});

describe('fileSource typing', () => {
  it('types records by format', () => {
    const path = write('t.txt', 'x\n');
    const lines: FileSource<string> = fileSource({ path });
    const csv: FileSource<string[]> = fileSource({ path, format: 'csv' });
    const json: FileSource<{ x: number }> = fileSource<{ x: number }>({ path, format: 'jsonl' });
    const typed: FileSource<{ x: number }> = fileSource({
      path,
      format: schemaFormat(recordSchema({ x: 'int' }), 'json'),
    });
    const format = ['lines', 'csv', 'jsonl'][0] as 'lines' | 'csv' | 'jsonl';
    const chosen: FileSource<unknown> = fileSource({ path, format });
    expect([lines, csv, json, typed, chosen].map((s) => s.boundedness)).toEqual(Array(5).fill('bounded'));
  });
});
