import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { recordSchema, schemaFormat, SourceTestDriver } from '@weir/connector-sdk';
import { fileSource } from './index';

let dir: string;
let deadLetterPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-file-dead-letter-'));
  deadLetterPath = join(dir, 'dead');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const numbers = schemaFormat(recordSchema({ n: 'int', name: 'string' }), 'csv');

/** 2,000 lines `i,name-i`, with the lines at the given (1-based) numbers broken. */
function numberLines(broken: Record<number, string>): string[] {
  return Array.from({ length: 2000 }, (_, i) => broken[i + 1] ?? `${i},name-${i}`);
}

function deadLetters(): { file: string; line: number; offset: number; reason: string; text: string }[] {
  return readdirSync(deadLetterPath)
    .sort()
    .flatMap((name) => readFileSync(join(deadLetterPath, name), 'utf8').split('\n').slice(0, -1))
    .map((line) => JSON.parse(line))
    .sort((a, b) => a.line - b.line);
}

function offsetOfLine(lines: string[], line: number): number {
  return Buffer.byteLength(lines.slice(0, line - 1).join('\n') + '\n');
}

describe('fileSource with a dead-letter output', () => {
  it('reads on past malformed lines, writing each with its file, line, offset and reason', () => {
    const broken = { 7: '6,name-6,extra', 1234: 'x,name', 1999: '"unclosed,1' };
    const lines = numberLines(broken);
    const path = join(dir, 'numbers.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    // Small ranges read by two readers: most of them begin mid-file, where line numbers are counted.
    const source = fileSource({ path, format: numbers, splitSizeBytes: 4096, onMalformed: { deadLetterPath } });
    const driver = new SourceTestDriver(source, { parallelism: 2 });
    const read = driver.runToEnd().flat();
    driver.close();

    const good = lines.map((_, i) => i).filter((i) => broken[(i + 1) as keyof typeof broken] === undefined);
    expect(read.map((r) => r.n).sort((a, b) => a - b)).toEqual(good);
    expect(deadLetters()).toEqual([
      {
        file: path,
        line: 7,
        offset: offsetOfLine(lines, 7),
        reason: 'expected 2 fields (n, name), found 3',
        text: '6,name-6,extra',
      },
      {
        file: path,
        line: 1234,
        offset: offsetOfLine(lines, 1234),
        reason: "field 'n': expected an integer, found 'x'",
        text: 'x,name',
      },
      {
        file: path,
        line: 1999,
        offset: offsetOfLine(lines, 1999),
        reason: 'unterminated quoted field starting at column 1',
        text: '"unclosed,1',
      },
    ]);
  });

  it('numbers the lines of a gzip file, and of a split restored mid-file', async () => {
    const lines = numberLines({ 3: '{bad', 1500: 'also bad', 1900: 'bad again' });
    const path = join(dir, 'numbers.csv.gz');
    writeFileSync(path, gzipSync(lines.join('\r\n')));
    const source = fileSource({ path, format: numbers, onMalformed: { deadLetterPath } });
    const before = new SourceTestDriver(source, { parallelism: 1 });
    await before.runToEndAsync({ until: () => before.outputs[0].length >= 1000 });
    const [split] = before.readers[0].snapshotState(1);
    before.close();
    expect(deadLetters().map((d) => d.line)).toEqual([3]);

    const after = new SourceTestDriver(source, {
      parallelism: 1,
      enumeratorCheckpoint: before.enumerator.snapshotState(1),
      readerSplits: [[split]],
    });
    const rest = await after.runToEndAsync();
    after.close();
    expect(before.outputs[0].length + rest[0].length).toBe(1997);
    expect(deadLetters().map((d) => [d.line, d.text])).toEqual([
      [3, '{bad'],
      [1500, 'also bad'],
      [1900, 'bad again'],
    ]);
  });

  it("refuses a policy that is neither 'fail' nor a dead-letter directory", () => {
    expect(() => fileSource({ path: dir, onMalformed: 'skip' as 'fail' })).toThrow(
      "fileSource: invalid options: 'onMalformed' must be 'fail' or { deadLetterPath: '<directory>' } (got 'skip').",
    );
    expect(() => fileSource({ path: dir, onMalformed: { deadLetterPath: '' } })).toThrow(
      "'onMalformed' must be 'fail' or",
    );
    expect(fileSource({ path: dir, onMalformed: 'fail' }).boundedness).toBe('bounded');
  });
});
