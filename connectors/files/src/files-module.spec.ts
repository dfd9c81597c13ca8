import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, isTwoPhaseCommittingSink, SourceTestDriver, startConnectors } from '@weir/connector-sdk';
import { FilesModule } from './index';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-files-module-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('FilesModule', () => {
  it("registers the 'files' source and sink, relative paths under the base directory", async () => {
    writeFileSync(join(dir, 'in.jsonl'), '{"a":1}\n{"a":2}\n');
    const connectors = await startConnectors([FilesModule.forRoot({ baseDirectory: dir })]);
    const { registry } = connectors;
    expect(connectors.modules).toEqual([FilesModule]);
    expect([registry.sourceNames(), registry.sinkNames()]).toEqual([['files'], ['files']]);

    const driver = new SourceTestDriver(registry.createSource('files', { path: 'in.jsonl', format: 'jsonl' }), {
      parallelism: 1,
    });
    expect(driver.runToEnd()).toEqual([[{ a: 1 }, { a: 2 }]]);
    driver.close();

    const sink = registry.createSink('files', { path: 'out', format: 'jsonl' });
    if (!isTwoPhaseCommittingSink(sink)) throw new Error('the file sink commits in two phases');
    const writer = sink.createWriter({ subtaskIndex: 0, parallelism: 1, taskName: 'files', sendToClient: () => {} });
    writer.write({ b: 3 }, undefined);
    const committer = sink.createCommitter({
      jobId: 'j',
      operatorUid: 'u',
      subtaskIndex: 0,
      parallelism: 1,
      taskName: 'files',
    });
    await committer.commit(await writer.prepareCommit(1));
    expect(readFileSync(join(dir, 'out', 'part-0-0'), 'utf8')).toBe('{"b":3}\n');
    await connectors.close();
  });

  it('names bad module options and bad connector options', async () => {
    expect(() => FilesModule.forRoot({ baseDirectory: 'relative' })).toThrow(ConfigError);
    expect(() => FilesModule.forRoot({ baseDirectory: 'relative' })).toThrow(
      "files connector module: invalid options: 'baseDirectory' must be an absolute path (got 'relative').",
    );
    const connectors = await startConnectors([FilesModule.forRootAsync({ useFactory: () => ({}) })]);
    const { registry } = connectors;
    expect(() => registry.createSource('files', { format: 'csv' })).toThrow(
      "fileSource: invalid options: 'path' should not be empty (got nothing)",
    );
    expect(() => registry.createSink('files', { path: dir, format: 'xml' })).toThrow(
      "'format' must be one of lines, csv, jsonl",
    );
    await connectors.close();
  });
});
