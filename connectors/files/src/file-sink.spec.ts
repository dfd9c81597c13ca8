import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointError,
  ConfigError,
  RecordError,
  recordSchema,
  schemaFormat,
  type CommitterContext,
  type SinkWriterContext,
} from '@weir/connector-sdk';
import { FileSinkWriter } from './file-sink-writer';
import { fileSink } from './index';
import { PartFileNaming } from './part-file-naming';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'weir-file-sink-')), 'out');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

function writerContext(subtaskIndex = 0, parallelism = 1): SinkWriterContext {
  return { subtaskIndex, parallelism, taskName: 'Sink: files', sendToClient: () => {} };
}

function committerContext(subtaskIndex = 0, parallelism = 1): CommitterContext {
  return { jobId: 'job', operatorUid: 'sink', subtaskIndex, parallelism, taskName: 'Sink: files' };
}

/** The directory's visible files and their contents; in-progress ones are hidden (a leading '.'). */
function visible(): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir).filter((name) => !name.startsWith('.'));
  return Object.fromEntries(files.sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

function inProgress(): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.inprogress'))
    .sort();
}

describe('fileSink', () => {
  it('makes output visible only when the committer commits what the writer pre-committed', async () => {
    const sink = fileSink({ path: dir });
    const writer = sink.createWriter(writerContext());
    const committer = sink.createCommitter(committerContext());
    await committer.abortLingering!();
    writer.write('a', undefined);
    writer.write('b', 5);
    await writer.flush(false);
    expect(visible()).toEqual({});
    const first = await writer.prepareCommit(1);
    expect(first).toEqual([
      { inProgressPath: join(dir, '.part-0-0.inprogress'), committedPath: join(dir, 'part-0-0') },
    ]);
    expect(inProgress()).toEqual(['.part-0-0.inprogress']);
    writer.write('c', undefined);
    const second = await writer.prepareCommit(2);
    expect(visible()).toEqual({});

    await committer.commit(first);
    expect(visible()).toEqual({ 'part-0-0': 'a\nb\n' });
    await committer.commit(second);
    expect(visible()).toEqual({ 'part-0-0': 'a\nb\n', 'part-0-1': 'c\n' });
    expect(inProgress()).toEqual([]);
    await writer.close();
  });

  it('pre-commits nothing when nothing was written since the last checkpoint', async () => {
    const writer = fileSink({ path: dir }).createWriter(writerContext());
    expect(await writer.prepareCommit(1)).toEqual([]);
    writer.write('x', undefined);
    expect(await writer.prepareCommit(2)).toHaveLength(1);
    expect(await writer.prepareCommit(3)).toEqual([]);
    await writer.close();
  });

  it('commits a committable once however often it is committed (a replay after a restore)', async () => {
    const sink = fileSink({ path: dir });
    const writer = sink.createWriter(writerContext());
    writer.write('once', undefined);
    const committables = await writer.prepareCommit(1);
    const committer = sink.createCommitter(committerContext());
    await committer.commit(committables);
    await committer.commit(committables);
    // Every subtask commits every restored committable: another one's committer too.
    await sink.createCommitter(committerContext(1, 2)).commit(committables);
    expect(visible()).toEqual({ 'part-0-0': 'once\n' });
  });

  it('leaves nothing visible after a crash before the commit, and the restart deletes the orphans', async () => {
    const sink = fileSink({ path: dir });
    const crashed = sink.createWriter(writerContext());
    crashed.write('pre-committed, never committed', undefined);
    await crashed.prepareCommit(1);
    crashed.write('written after the checkpoint', undefined);
    await crashed.flush(false);
    await crashed.close();
    expect(visible()).toEqual({});
    expect(inProgress()).toEqual(['.part-0-0.inprogress', '.part-0-1.inprogress']);

    // The restart (from no checkpoint): abortLingering, then a new writer.
    await sink.createCommitter(committerContext()).abortLingering!();
    expect(inProgress()).toEqual([]);
    const writer = sink.createWriter(writerContext());
    writer.write('after restart', undefined);
    await sink.createCommitter(committerContext()).commit(await writer.prepareCommit(1));
    expect(visible()).toEqual({ 'part-0-0': 'after restart\n' });
  });

  it('on restore commits what the checkpoint held, then aborts only what no checkpoint has', async () => {
    const sink = fileSink({ path: dir });
    const crashed = sink.createWriter(writerContext());
    crashed.write('in checkpoint 1', undefined);
    const checkpointed = await crashed.prepareCommit(1);
    crashed.write('lost with the crash', undefined);
    await crashed.prepareCommit(2);
    await crashed.close();

    const committer = sink.createCommitter(committerContext());
    await committer.commit(checkpointed);
    await committer.abortLingering!();
    expect(inProgress()).toEqual([]);
    const writer = sink.createWriter(writerContext());
    writer.write('replayed', undefined);
    await committer.commit(await writer.prepareCommit(2));
    expect(visible()).toEqual({ 'part-0-0': 'in checkpoint 1\n', 'part-0-1': 'replayed\n' });
  });

  it("aborts only its own subtask's parts, and a former subtask's after a rescale", async () => {
    mkdirSync(dir, { recursive: true });
    for (const name of ['.part-0-3.inprogress', '.part-1-0.inprogress', '.part-2-0.inprogress', 'part-1-0', 'other']) {
      writeFileSync(join(dir, name), 'x');
    }
    writeFileSync(join(dir, '.logs-1-0.inprogress'), 'another sink');
    await fileSink({ path: dir }).createCommitter(committerContext(1, 2)).abortLingering!();
    expect(readdirSync(dir).sort()).toEqual([
      '.logs-1-0.inprogress',
      '.part-0-3.inprogress',
      '.part-2-0.inprogress',
      'other',
      'part-1-0',
    ]);
    await fileSink({ path: dir }).createCommitter(committerContext(0, 2)).abortLingering!();
    expect(readdirSync(dir).sort()).toEqual(['.logs-1-0.inprogress', 'other', 'part-1-0']);
  });

  it('fails the commit with both names when a part file is gone', async () => {
    const committer = fileSink({ path: dir }).createCommitter(committerContext());
    const lost = { inProgressPath: join(dir, '.part-0-9.inprogress'), committedPath: join(dir, 'part-0-9') };
    await expect(committer.commit([lost])).rejects.toThrow(CheckpointError);
    await expect(committer.commit([lost])).rejects.toThrow(
      `fileSink: cannot commit '${lost.inProgressPath}' as '${lost.committedPath}': ENOENT`,
    );
  });

  it('rolls a part once it reaches the maximum size', async () => {
    const sink = fileSink({ path: dir, rollingPolicy: { maxPartSizeBytes: 10 } });
    const writer = sink.createWriter(writerContext(2, 3));
    for (const word of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) writer.write(word, undefined);
    const committables = await writer.prepareCommit(1);
    await sink.createCommitter(committerContext(2, 3)).commit(committables);
    expect(visible()).toEqual({ 'part-2-0': 'alpha\nbeta\n', 'part-2-1': 'gamma\ndelta\n', 'part-2-2': 'epsilon\n' });
  });

  it('rolls a part once it is older than the rollover interval', async () => {
    let now = 1000;
    const writer = new FileSinkWriter({
      naming: new PartFileNaming(dir, 'part', '.txt'),
      subtaskIndex: 0,
      format: { kind: 'text', name: 'line', parse: (text) => text, format: (value: string) => value },
      maxPartSizeBytes: 1 << 30,
      rolloverIntervalMs: 500,
      now: () => now,
    });
    writer.write('early', undefined);
    writer.flush(false);
    now += 499;
    writer.write('still early', undefined);
    writer.flush(false);
    now += 1;
    writer.write('late', undefined);
    writer.flush(false);
    writer.write('next part', undefined);
    expect(writer.prepareCommit(1).map((c) => c.committedPath)).toEqual([
      join(dir, 'part-0-0.txt'),
      join(dir, 'part-0-1.txt'),
    ]);
    writer.close();
  });

  it('numbers parts on from those already in the directory, committed or in progress', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part-0-4.csv'), '');
    writeFileSync(join(dir, '.part-0-6.csv.inprogress'), '');
    writeFileSync(join(dir, 'part-1-9.csv'), '');
    const writer = fileSink({ path: dir, format: 'csv', partSuffix: '.csv' }).createWriter(writerContext());
    writer.write(['a', 1], undefined);
    expect(await writer.prepareCommit(1)).toEqual([
      { inProgressPath: join(dir, '.part-0-7.csv.inprogress'), committedPath: join(dir, 'part-0-7.csv') },
    ]);
    await writer.close();
  });

  it('writes csv, jsonl and schema formats one record per line', async () => {
    const run = async (sink: ReturnType<typeof fileSink>, values: unknown[]) => {
      const writer = sink.createWriter(writerContext());
      for (const value of values) writer.write(value, undefined);
      await sink.createCommitter(committerContext()).commit(await writer.prepareCommit(1));
    };
    await run(fileSink({ path: dir, format: 'csv', partPrefix: 'csv' }), [
      ['a,b', 1, null],
      ['say "x"', 2.5, true],
    ]);
    await run(fileSink({ path: dir, format: 'jsonl', partPrefix: 'json' }), [{ a: 1 }, 'text', [1, 2]]);
    const schema = recordSchema({ page: 'string', n: 'int' });
    await run(fileSink({ path: dir, format: schemaFormat(schema, 'csv'), partPrefix: 'typed' }), [
      { page: '/', n: 1, extra: 0 },
    ]);
    expect(visible()).toEqual({
      'csv-0-0': '"a,b",1,\n"say ""x""",2.5,true\n',
      'json-0-0': '{"a":1}\n"text"\n[1,2]\n',
      'typed-0-0': '/,1\n',
    });
  });

  it('fails on a record the format cannot write, naming the field', () => {
    const sink = fileSink({ path: dir, format: schemaFormat(recordSchema({ n: 'int' }), 'json') });
    const writer = sink.createWriter(writerContext());
    expect(() => writer.write({ n: 'one' as unknown as number }, undefined)).toThrow(RecordError);
    expect(() => writer.write({ n: 'one' as unknown as number }, undefined)).toThrow(
      "field 'n': expected an integer, found 'one'",
    );
  });

  it('refuses bad options when the sink is declared, naming the field', () => {
    expect(() => fileSink({} as { path: string })).toThrow(ConfigError);
    expect(() => fileSink({} as { path: string })).toThrow(
      "fileSink: invalid options: 'path' should not be empty (got nothing)",
    );
    expect(() => fileSink({ path: dir, format: 'parquet' as 'csv' })).toThrow(
      "fileSink: invalid options: 'format' must be one of lines, csv, jsonl, or a text format from @weir/connector-sdk (got 'parquet').",
    );
    expect(() => fileSink({ path: dir, rollingPolicy: { maxPartSizeBytes: -1 } })).toThrow(
      "fileSink: invalid options: 'rollingPolicy.maxPartSizeBytes' must not be less than 1 (got -1).",
    );
    expect(() => fileSink({ path: dir, rollingPolicy: { maxPartSize: 5 } as object })).toThrow(
      "fileSink: invalid options: 'rollingPolicy.maxPartSize' is not an option.",
    );
    expect(() => fileSink({ path: dir, partPrefix: '../x' })).toThrow(
      "'partPrefix' must be letters, digits, _, . or -",
    );
  });
});
