import { IndexRangeChunkEnumerator } from './index-range-chunk-enumerator';
import type { IndexRangeSplit } from './index-range-split';
import type { SplitEnumeratorContext } from './source';

function recordingContext(): { ctx: SplitEnumeratorContext<IndexRangeSplit>; events: string[] } {
  const events: string[] = [];
  const ctx: SplitEnumeratorContext<IndexRangeSplit> = {
    currentParallelism: 2,
    registeredReaders: () => new Set([0, 1]),
    assignSplits: (subtask, splits) =>
      events.push(...splits.map((s) => `${subtask}<-${s.splitId}:${s.position}..${s.end}/${s.stride}`)),
    signalNoMoreSplits: (subtask) => events.push(`${subtask}:done`),
  };
  return { ctx, events };
}

const range = (position: number, end: number, stride = 1): IndexRangeSplit => ({
  splitId: String(position),
  position,
  end,
  stride,
});

describe('IndexRangeChunkEnumerator', () => {
  it('cuts chunks off the lowest range, one per request, then signals that there are no more', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new IndexRangeChunkEnumerator(ctx, [range(0, 10)], 4, 'bounded');
    for (const subtask of [1, 0, 0, 1, 0]) enumerator.handleSplitRequest(subtask);
    expect(events).toEqual(['1<-0:0..4/1', '0<-4:4..8/1', '0<-8:8..10/1', '1:done', '0:done']);
  });

  it('cuts an unbounded range for ever and never ends its readers', () => {
    const { ctx, events } = recordingContext();
    const end = Number.MAX_SAFE_INTEGER;
    const enumerator = new IndexRangeChunkEnumerator(ctx, [range(0, end)], 1000, 'unbounded');
    for (let i = 0; i < 3; i++) enumerator.handleSplitRequest(i % 2);
    expect(events).toEqual(['0<-0:0..1000/1', '1<-1000:1000..2000/1', '0<-2000:2000..3000/1']);
    expect(enumerator.snapshotState(1)).toEqual([{ splitId: '0', position: 3000, end, stride: 1 }]);

    const { ctx: emptyCtx, events: none } = recordingContext();
    new IndexRangeChunkEnumerator(emptyCtx, [], 1000, 'unbounded').handleSplitRequest(0);
    expect(none).toEqual([]);
  });

  it('cuts strided ranges (a round-robin checkpoint) by their own stride, lowest position first', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new IndexRangeChunkEnumerator(ctx, [range(1, 20, 2), range(0, 20, 2)], 4, 'bounded');
    for (let i = 0; i < 6; i++) enumerator.handleSplitRequest(0);
    expect(events).toEqual([
      '0<-0:0..8/2',
      '0<-1:1..9/2',
      '0<-8:8..16/2',
      '0<-9:9..17/2',
      '0<-16:16..20/2',
      '0<-17:17..20/2',
    ]);
  });

  it('deals the splits of a failed reader again before anything later, and snapshots what is left', () => {
    const { ctx, events } = recordingContext();
    const enumerator = new IndexRangeChunkEnumerator(ctx, [range(0, 100)], 10, 'bounded');
    enumerator.handleSplitRequest(0);
    enumerator.handleSplitRequest(1);
    // Reader 0 failed at index 3 of its chunk; a finished split is not dealt again.
    enumerator.addSplitsBack([{ splitId: '0', position: 3, end: 10, stride: 1 }, range(20, 20)], 0);
    const snapshot = enumerator.snapshotState(7);
    expect(snapshot).toEqual([
      { splitId: '0', position: 3, end: 10, stride: 1 },
      { splitId: '0', position: 20, end: 100, stride: 1 },
    ]);
    snapshot[0].position = 99;
    enumerator.handleSplitRequest(1);
    expect(events.slice(2)).toEqual(['1<-3:3..10/1']);

    const { ctx: restoredCtx, events: restored } = recordingContext();
    const fromCheckpoint = new IndexRangeChunkEnumerator(restoredCtx, enumerator.snapshotState(8), 50, 'bounded');
    fromCheckpoint.handleSplitRequest(0);
    fromCheckpoint.handleSplitRequest(1);
    expect(restored).toEqual(['0<-20:20..70/1', '1<-70:70..100/1']);
  });
});
