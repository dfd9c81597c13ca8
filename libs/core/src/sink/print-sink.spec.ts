import { PrintSink } from './print-sink';
import type { SinkWriterContext } from './sink';

function context(subtaskIndex: number, parallelism: number): SinkWriterContext {
  return { subtaskIndex, parallelism, taskName: 'Print', sendToClient: () => {} };
}

describe('PrintSink', () => {
  let written: string[];
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      written.push(String(chunk));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  });

  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
  });

  it('waits for a full stream to drain, and not for write callbacks a stream may never call', async () => {
    stdout.mockImplementation(((chunk: string) => {
      written.push(chunk);
      return false;
    }) as typeof process.stdout.write);
    const writer = new PrintSink<string>().createWriter(context(0, 1));
    writer.write('x', undefined);
    let flushed = false;
    void (writer.flush(false) as Promise<void>).then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    process.stdout.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(true);
    stdout.mockImplementation(((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write);
    writer.write('y', undefined);
    expect(writer.flush(false)).toBeUndefined();
    expect(written).toEqual(['x\n', 'y\n']);
  });

  it('prefixes lines as Flink does', async () => {
    const cases: [string | undefined, number, number, string][] = [
      ['out', 1, 4, 'out:2> x\n'],
      [undefined, 1, 4, '2> x\n'],
      ['out', 0, 1, 'out> x\n'],
      [undefined, 0, 1, 'x\n'],
    ];
    for (const [prefix, subtask, parallelism, line] of cases) {
      written = [];
      const writer = new PrintSink<string>(prefix).createWriter(context(subtask, parallelism));
      writer.write('x', undefined);
      await writer.flush(true);
      expect(written).toEqual([line]);
    }
  });

  it('prints strings raw and other values inspected on one line', async () => {
    const writer = new PrintSink<unknown>().createWriter(context(0, 1));
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    for (const v of ['say "hi"', 42, null, undefined, ['a', 1], { word: 'x', n: 2, nested: { list: [1, 2] } }, deep]) {
      writer.write(v, undefined);
    }
    await writer.flush(true);
    expect(written.join('')).toBe(
      [
        'say "hi"',
        '42',
        'null',
        'undefined',
        "[ 'a', 1 ]",
        "{ word: 'x', n: 2, nested: { list: [ 1, 2 ] } }",
        '{ a: { b: { c: { d: { e: [Object] } } } } }',
        '',
      ].join('\n'),
    );
  });

  it('writes one chunk per flush, and one per ~64 KiB in between', async () => {
    const writer = new PrintSink<string>('p').createWriter(context(0, 1));
    const line = 'y'.repeat(1020); // 1,024 characters with 'p> ' and the newline
    for (let i = 0; i < 100; i++) writer.write(line, undefined);
    expect(written).toHaveLength(1);
    expect(written[0]).toHaveLength(64 * 1024);
    await writer.flush(false);
    expect(written).toHaveLength(2);
    expect(written[1]).toHaveLength(36 * 1024);
    await writer.flush(true); // nothing left
    expect(written).toHaveLength(2);
    expect(written.join('')).toBe(`p> ${line}\n`.repeat(100));
  });

  it('goes to stderr when asked, and prints what is left when closed', () => {
    const writer = new PrintSink<string>('err', true).createWriter(context(0, 1));
    writer.write('oops', undefined);
    expect(stderr).not.toHaveBeenCalled();
    writer.close();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stdout).not.toHaveBeenCalled();
    expect(written).toEqual(['err> oops\n']);
  });
});
