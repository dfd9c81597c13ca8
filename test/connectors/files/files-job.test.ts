/**
 * The files connector in real jobs on the embedded runtime: a directory of plain and gzip files in,
 * rolling part files out, committed exactly once; bad options and malformed lines refused with
 * messages that name the field, the file and the line.
 */
import { ConfigError, JobExecutionError, RecordError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { fileSink, fileSource } from '@weir/connector-files';
import { recordSchema, schemaFormat, type RecordOf } from '@weir/connector-sdk';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const clicks = recordSchema({ page: 'string', user: 'int', ms: 'timestamp' });
type Click = RecordOf<typeof clicks>;
const clickCsv = schemaFormat(clicks, 'csv');

let root: string;
let input: string;
let output: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'weir-files-job-'));
  input = join(root, 'in');
  output = join(root, 'out');
  mkdirSync(join(input, 'day2'), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** `count` clicks as CSV lines, with a header. */
function clickLines(from: number, count: number): string[] {
  const lines = ['page,user,ms'];
  for (let i = from; i < from + count; i++) lines.push(`/page-${i % 7},${i},${1_700_000_000_000 + i}`);
  return lines;
}

/** Writes the clicks from..from+count as three files: plain, gzip, and gzip in a subdirectory. */
function writeClickFiles(count: number): void {
  const third = Math.floor(count / 3);
  writeFileSync(join(input, 'a.csv'), clickLines(0, third).join('\n') + '\n');
  writeFileSync(join(input, 'b.csv.gz'), gzipSync(clickLines(third, third).join('\r\n')));
  writeFileSync(join(input, 'day2', 'c.csv.gz'), gzipSync(clickLines(2 * third, count - 2 * third).join('\n') + '\n'));
  writeFileSync(join(input, '_SUCCESS'), '');
}

/** The committed part files' names and their lines; in-progress parts are hidden files. */
function committedOutput(): { files: string[]; inProgress: string[]; lines: string[] } {
  const names = readdirSync(output).sort();
  const files = names.filter((name) => !name.startsWith('.'));
  const lines = files.flatMap((name) => readFileSync(join(output, name), 'utf8').split('\n').slice(0, -1));
  return { files, inProgress: names.filter((name) => name.endsWith('.inprogress')), lines };
}

describe('files connector jobs', () => {
  it('reads a directory of plain and gzip files and writes every record once, committed at the end', async () => {
    writeClickFiles(30_000);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        fileSource({ path: input, format: clickCsv, splitSizeBytes: 64 * 1024 }),
        WatermarkStrategy.noWatermarks(),
        'clicks',
      )
      .map((click: Click) => ({
        user: click.user,
        page: click.page.toUpperCase(),
        second: Math.floor(click.ms / 1000),
      }))
      .sinkTo(
        fileSink({ path: output, format: 'jsonl', partSuffix: '.jsonl', rollingPolicy: { maxPartSizeBytes: 200_000 } }),
      );
    await (await env.execute('files to files')).result();

    const { files, inProgress, lines } = committedOutput();
    expect(inProgress).toEqual([]);
    const expected = Array.from({ length: 30_000 }, (_, i) =>
      JSON.stringify({ user: i, page: `/PAGE-${i % 7}`, second: Math.floor((1_700_000_000_000 + i) / 1000) }),
    );
    expect(lines.sort()).toEqual(expected.sort());
    // Rolled by size: each subtask wrote several parts.
    expect(files.filter((f) => f.startsWith('part-0-')).length).toBeGreaterThan(1);
    expect(files.filter((f) => f.startsWith('part-1-')).length).toBeGreaterThan(1);
    expect(files.every((f) => /^part-[01]-\d+\.jsonl$/.test(f))).toBe(true);
  });

  it('writes a batch aggregation as CSV', async () => {
    writeClickFiles(7_000);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.setRuntimeMode('batch');
    env
      .fromSource(fileSource({ path: input, format: clickCsv }), WatermarkStrategy.noWatermarks(), 'clicks')
      .map((click: Click) => ({ page: click.page, clicks: 1 }))
      .keyBy((c) => c.page)
      .sum('clicks')
      .map((c) => [c.page, c.clicks])
      .sinkTo(fileSink({ path: output, format: 'csv', partPrefix: 'counts', partSuffix: '.csv' }));
    await (await env.execute('clicks per page')).result();
    const { lines } = committedOutput();
    expect(lines.sort()).toEqual(Array.from({ length: 7 }, (_, p) => `/page-${p},1000`));
  });

  it('refuses bad options when the job is declared, naming the field', () => {
    expect(() => fileSource({ path: undefined as unknown as string })).toThrow(ConfigError);
    expect(() => fileSource({ path: undefined as unknown as string })).toThrow(
      "fileSource: invalid options: 'path' should not be empty (got nothing)",
    );
    expect(() => fileSource({ path: input, format: 'parquet' as 'csv' })).toThrow(
      "fileSource: invalid options: 'format' must be one of lines, csv, jsonl, or a text format from @weir/connector-sdk (got 'parquet').",
    );
    expect(() => fileSink({ path: '' })).toThrow("fileSink: invalid options: 'path' should not be empty (got '').");
    expect(() => fileSink({ path: output, format: 'xml' as 'csv' })).toThrow(
      "fileSink: invalid options: 'format' must be one of",
    );
  });

  it('fails the job on a missing path, naming it', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    const missing = join(root, 'nothing-here');
    env
      .fromSource(fileSource({ path: missing }), WatermarkStrategy.noWatermarks(), 'missing')
      .sinkTo(fileSink({ path: output }));
    const result = (await env.execute('missing input')).result();
    await expect(result).rejects.toThrow(JobExecutionError);
    await expect(result).rejects.toThrow(`fileSource: the path '${missing}' does not exist. Check the 'path' option.`);
  });

  it('sends malformed lines to the dead-letter output and writes every good record', async () => {
    const lines = clickLines(0, 3000);
    lines[100] = '/page-1,1oo,1700000000000';
    lines[2500] = '/page-2,2500';
    writeFileSync(join(input, 'a.csv'), lines.slice(0, 2000).join('\n') + '\n');
    writeFileSync(join(input, 'b.csv.gz'), gzipSync(['page,user,ms', ...lines.slice(2000)].join('\n')));
    const deadLetterPath = join(root, 'dead');
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env
      .fromSource(
        fileSource({ path: input, format: clickCsv, splitSizeBytes: 8 * 1024, onMalformed: { deadLetterPath } }),
        WatermarkStrategy.noWatermarks(),
        'clicks',
      )
      .map((click: Click) => String(click.user))
      .sinkTo(fileSink({ path: output }));
    await (await env.execute('dead letters')).result();

    const users = Array.from({ length: 3000 }, (_, i) => String(i)).filter((u) => u !== '99' && u !== '2499');
    expect(committedOutput().lines.sort()).toEqual(users.sort());
    const dead = readdirSync(deadLetterPath)
      .flatMap((name) => readFileSync(join(deadLetterPath, name), 'utf8').split('\n').slice(0, -1))
      .map((line) => JSON.parse(line) as { file: string; line: number; reason: string; text: string })
      .map(({ file, line, reason, text }) => ({ file, line, reason, text }))
      .sort((a, b) => a.line - b.line);
    expect(dead).toEqual([
      {
        file: join(input, 'a.csv'),
        line: 101,
        reason: "field 'user': expected an integer, found '1oo'",
        text: '/page-1,1oo,1700000000000',
      },
      {
        file: join(input, 'b.csv.gz'),
        line: 502,
        reason: 'expected 3 fields (page, user, ms), found 2',
        text: '/page-2,2500',
      },
    ]);
  });

  it('fails the job on a malformed line, naming the file, the line and the field, and commits nothing', async () => {
    const lines = clickLines(0, 500);
    lines[321] = '/page-x,not-a-number,1700000000000';
    writeFileSync(join(input, 'bad.csv.gz'), gzipSync(lines.join('\n')));
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(fileSource({ path: input, format: clickCsv }), WatermarkStrategy.noWatermarks(), 'clicks')
      .map((click: Click) => click.page)
      .sinkTo(fileSink({ path: output }));
    const result = (await env.execute('malformed input')).result();
    await expect(result).rejects.toThrow(JobExecutionError);
    const failure = await result.then(
      () => undefined,
      (error: JobExecutionError) => error,
    );
    expect(failure?.cause).toBeInstanceOf(RecordError);
    expect(failure?.message).toContain(
      `fileSource: malformed CSV record in '${join(input, 'bad.csv.gz')}' at line 322: ` +
        "field 'user': expected an integer, found 'not-a-number'. Fix or remove the record, or give the source a dead-letter output.",
    );
    expect(committedOutput().files).toEqual([]);
  });
});
