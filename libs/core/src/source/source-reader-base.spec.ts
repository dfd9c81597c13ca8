import type { ReaderOutput, SourceReaderContext, SourceSplit } from './source';
import { SourceReaderBase, type SplitProgress } from './source-reader-base';

interface CountdownSplit extends SourceSplit {
  left: number;
}

/** Emits its splits' ids, one per `left`, two per poll; a split named 'wait' blocks until unblocked. */
class CountdownReader extends SourceReaderBase<string, CountdownSplit> {
  constructor(context: SourceReaderContext, interleave = false) {
    super(context, interleave);
  }

  protected readSplit(split: CountdownSplit, output: ReaderOutput<string>): SplitProgress {
    if (split.splitId === 'wait') return 'blocked';
    for (let i = 0; i < 2 && split.left > 0; i++, split.left--) output.collect(split.splitId);
    return split.left > 0 ? 'more' : 'finished';
  }

  release(): void {
    this.unblock();
  }
}

function setUp(interleave = false): {
  reader: CountdownReader;
  requests: () => number;
  seen: string[];
  output: ReaderOutput<string>;
} {
  let requests = 0;
  const reader = new CountdownReader(
    { subtaskIndex: 0, parallelism: 1, sendSplitRequest: () => void requests++ },
    interleave,
  );
  const seen: string[] = [];
  return { reader, requests: () => requests, seen, output: { collect: (v) => void seen.push(v) } };
}

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('SourceReaderBase', () => {
  it('read in turn, gives every held split its own output before reading any, and releases it when the split ends', () => {
    const { reader } = setUp(true);
    const events: string[] = [];
    const output: ReaderOutput<string> = {
      collect: () => events.push('reader output'),
      createOutputForSplit: (splitId) => {
        events.push(`create ${splitId}`);
        return { collect: (record) => events.push(`${splitId}: ${record}`) };
      },
      releaseOutputForSplit: (splitId) => events.push(`release ${splitId}`),
    };
    reader.addSplits([
      { splitId: 'a', left: 2 },
      { splitId: 'b', left: 3 },
    ]);
    while (reader.pollNext(output) === 'more-available');
    expect(events).toEqual(['create a', 'create b', 'a: a', 'a: a', 'release a', 'b: b', 'b: b', 'b: b', 'release b']);
  });

  it('read one after another, emits every split through the reader’s output', () => {
    const { reader, seen } = setUp(false);
    const output: ReaderOutput<string> = {
      collect: (record) => void seen.push(record),
      createOutputForSplit: () => {
        throw new Error('not asked for');
      },
    };
    reader.addSplits([
      { splitId: 'a', left: 1 },
      { splitId: 'b', left: 1 },
    ]);
    while (reader.pollNext(output) === 'more-available');
    expect(seen).toEqual(['a', 'b']);
  });

  it('asks for a split at start and whenever it runs out, once per answer', () => {
    const { reader, requests, seen, output } = setUp();
    reader.start();
    expect(requests()).toBe(1);
    expect(reader.pollNext(output)).toBe('nothing-available');
    expect(requests()).toBe(1);
    reader.addSplits([{ splitId: 'a', left: 3 }]);
    expect(reader.pollNext(output)).toBe('more-available');
    expect(reader.pollNext(output)).toBe('nothing-available');
    expect(seen).toEqual(['a', 'a', 'a']);
    expect(requests()).toBe(2);
    reader.notifyNoMoreSplits();
    expect(reader.pollNext(output)).toBe('end-of-input');
  });

  it('does not ask at start when restored with splits, and ends once they are done after no-more-splits', () => {
    const { reader, requests, seen, output } = setUp();
    reader.addSplits([
      { splitId: 'a', left: 1 },
      { splitId: 'b', left: 1 },
    ]);
    reader.start();
    reader.notifyNoMoreSplits();
    expect(requests()).toBe(0);
    expect(reader.pollNext(output)).toBe('more-available');
    expect(reader.pollNext(output)).toBe('end-of-input');
    expect(seen).toEqual(['a', 'b']);
  });

  it('is available at once with splits, and otherwise when splits or the end arrive', async () => {
    const { reader } = setUp();
    reader.start();
    const waiting = reader.isAvailable();
    expect(reader.isAvailable()).toBe(waiting);
    expect(await settled(waiting)).toBe(false);
    reader.addSplits([{ splitId: 'a', left: 1 }]);
    expect(await settled(waiting)).toBe(true);
    expect(await settled(reader.isAvailable())).toBe(true);

    const { reader: other } = setUp();
    other.start();
    const end = other.isAvailable();
    other.notifyNoMoreSplits();
    expect(await settled(end)).toBe(true);
  });

  it('a blocked split makes it wait until unblocked, even when splits arrive', async () => {
    const { reader, output } = setUp();
    reader.addSplits([{ splitId: 'wait', left: 1 }]);
    expect(reader.pollNext(output)).toBe('nothing-available');
    const waiting = reader.isAvailable();
    reader.addSplits([{ splitId: 'b', left: 1 }]);
    expect(await settled(waiting)).toBe(false);
    reader.release();
    expect(await settled(waiting)).toBe(true);
  });

  it('reads splits one after another, or in turn when interleaving', () => {
    for (const [interleave, expected] of [
      [false, ['a', 'a', 'a', 'a', 'b', 'b']],
      [true, ['a', 'a', 'b', 'b', 'a', 'a']],
    ] as const) {
      const { reader, seen, output } = setUp(interleave);
      reader.addSplits([
        { splitId: 'a', left: 4 },
        { splitId: 'b', left: 2 },
      ]);
      reader.notifyNoMoreSplits();
      while (reader.pollNext(output) !== 'end-of-input');
      expect(seen).toEqual(expected);
    }
  });

  it('snapshots its unfinished splits with their positions, as copies', () => {
    const { reader, output } = setUp();
    const given = { splitId: 'a', left: 5 };
    reader.addSplits([given, { splitId: 'b', left: 1 }]);
    reader.pollNext(output);
    const snapshot = reader.snapshotState(1);
    expect(snapshot).toEqual([
      { splitId: 'a', left: 3 },
      { splitId: 'b', left: 1 },
    ]);
    expect(given.left).toBe(5);
    reader.pollNext(output);
    expect(snapshot[0].left).toBe(3);
  });
});
