import type { SourceSplit, SplitEnumeratorContext } from './source';
import { StaticSplitEnumerator } from './static-split-enumerator';

interface NamedSplit extends SourceSplit {
  position: number;
}

function recordingContext(): { ctx: SplitEnumeratorContext<NamedSplit>; events: string[] } {
  const events: string[] = [];
  const ctx: SplitEnumeratorContext<NamedSplit> = {
    currentParallelism: 2,
    registeredReaders: () => new Set([0, 1]),
    assignSplits: (subtask, splits) => events.push(`${subtask}<-${splits.map((s) => s.splitId).join(',')}`),
    signalNoMoreSplits: (subtask) => events.push(`${subtask}:done`),
  };
  return { ctx, events };
}

const split = (id: string): NamedSplit => ({ splitId: id, position: 0 });

describe('StaticSplitEnumerator', () => {
  it('hands out one split per request, in order, then signals that there are no more', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new StaticSplitEnumerator(ctx, [split('a'), split('b'), split('c')]);
    enumerator.start();
    enumerator.addReader(0);
    enumerator.addReader(1);
    expect(events).toEqual([]);
    enumerator.handleSplitRequest(1);
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    expect(events).toEqual(['1<-a', '0<-b', '1<-c', '0:done', '1:done']);
  });

  it('never ends the readers of an unbounded source: one without a split stays, so checkpoints go on', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new StaticSplitEnumerator(ctx, [split('a')], 'unbounded');
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    enumerator.handleSplitRequest(0);
    expect(events).toEqual(['0<-a']);
  });

  it('snapshots the splits not handed out yet, as copies', () => {
    const { ctx } = recordingContext();
    const splits = [split('a'), split('b')];
    const enumerator = new StaticSplitEnumerator(ctx, splits);
    enumerator.handleSplitRequest(0);
    const snapshot = enumerator.snapshotState(1);
    expect(snapshot).toEqual([split('b')]);
    expect(snapshot[0]).not.toBe(splits[1]);
  });

  it('hands out splits given back before the ones still waiting, and restores from its snapshot', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new StaticSplitEnumerator(ctx, [split('a'), split('b'), split('c')]);
    enumerator.handleSplitRequest(0);
    enumerator.addSplitsBack([{ splitId: 'a', position: 7 }], 0);
    expect(enumerator.snapshotState(1)).toEqual([{ splitId: 'a', position: 7 }, split('b'), split('c')]);

    const restored = new StaticSplitEnumerator(ctx, enumerator.snapshotState(2));
    restored.handleSplitRequest(1);
    expect(events).toEqual(['0<-a', '1<-a']);
    expect(restored.snapshotState(3)).toEqual([split('b'), split('c')]);
  });
});
