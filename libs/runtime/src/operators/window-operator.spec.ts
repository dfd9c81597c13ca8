import { JobDefinitionError, MAX_WATERMARK, NO_TIMESTAMP, RecordError, type Key } from '@weir/common';
import {
  ContinuousEventTimeTrigger,
  CountEvictor,
  EventTimeTrigger,
  CountTrigger,
  EventTimeSessionWindows,
  GlobalWindow,
  GlobalWindows,
  OutputTag,
  ProcessingTimeSessionWindows,
  ProcessWindowFunction,
  PurgingTrigger,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeEvictor,
  TimeWindow,
  Trigger,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  ValueStateDescriptor,
  type AggregateFunction,
  type Collector,
  type RuntimeContext,
  type TriggerContext,
  type TriggerResult,
  type Window,
  type WindowAssigner,
  type WindowFunctionSpec,
} from '@weir/core';
import type { HeapInternalTimerService, HeapKeyedStateBackend, HeapTimer } from '@weir/state';
import { keyedWindowSpec } from '../testing/keyed-window-spec';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { WindowOperator, type WindowOperatorSpec } from './window-operator';

interface Event {
  key: string;
  v: number;
}

const sum: WindowFunctionSpec = {
  kind: 'reduce',
  reduce: { reduce: (a, b) => ({ ...(a as Event), v: (a as Event).v + (b as Event).v }) },
};

const average: AggregateFunction<Event, { sum: number; n: number }, number> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (e, acc) => ({ sum: acc.sum + e.v, n: acc.n + 1 }),
  getResult: (acc) => acc.sum / acc.n,
  merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
};
const averageFn: WindowFunctionSpec = {
  kind: 'aggregate',
  aggregate: average as AggregateFunction<unknown, unknown, unknown>,
};

/** A process function that describes each firing: key, window, values, watermark. */
class Describe extends ProcessWindowFunction<Event, string, string, Window> {
  process(key: string, ctx: ProcessWindowFunction.Context<Window>, elements: Iterable<Event>, out: Collector<string>) {
    const w = ctx.window as TimeWindow;
    const span = w instanceof TimeWindow ? `[${w.start},${w.end})` : String(ctx.window);
    out.collect(`${key} ${span} ${[...elements].map((e) => (typeof e === 'object' ? e.v : e)).join(',')}`);
  }
}
const describe_ = (): WindowFunctionSpec => ({
  kind: 'process',
  process: new Describe() as unknown as ProcessWindowFunction<unknown, unknown, Key, Window>,
});

const spec = keyedWindowSpec;

async function harnessFor(s: WindowOperatorSpec) {
  const operator = new WindowOperator(s);
  const harness = new OperatorTestHarness(operator, { keyed: true });
  await harness.open();
  const numTimers = () =>
    harness.context.timeServiceManager!.getInternalTimerService('window-timers', operator).numTimers();
  const numContents = () => harness.context.keyedStateBackend!.numEntries('window-contents');
  return { operator, harness, numTimers, numContents };
}

const ev = (key: string, v: number): Event => ({ key, v });
const values = (records: unknown[]) => (records as Event[]).map((e) => `${e.key}=${e.v}`);

describe('WindowOperator: tumbling event-time windows', () => {
  it('fires each window when the watermark reaches its end − 1, results stamped with end − 1', async () => {
    const { harness, numTimers, numContents } = await harnessFor(spec(TumblingEventTimeWindows.of(10), sum));
    harness.processElement(ev('a', 1), 1);
    harness.processElement(ev('a', 2), 9);
    harness.processElement(ev('b', 5), 3);
    harness.processElement(ev('a', 100), 10);
    harness.processWatermark(8);
    expect(harness.records()).toEqual([]);
    harness.processWatermark(9);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: { key: 'a', v: 3 }, timestamp: 9 },
      { value: { key: 'b', v: 5 }, timestamp: 9 },
    ]);
    // Results come before the watermark that fired them.
    expect(harness.output.map((e) => e.kind)).toEqual(['watermark', 'record', 'record', 'watermark']);
    harness.clearOutput();
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: { key: 'a', v: 100 }, timestamp: 19 }]);
    expect(numTimers()).toBe(0);
    expect(numContents()).toBe(0);
  });

  it('aggregates incrementally, one accumulator per key and window', async () => {
    const { harness, numContents } = await harnessFor(spec(TumblingEventTimeWindows.of(10), averageFn));
    for (const [v, t] of [
      [1, 0],
      [2, 5],
      [6, 9],
      [10, 10],
      [-4, -1],
    ]) {
      harness.processElement(ev('a', v), t);
    }
    expect(numContents()).toBe(3);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: -4, timestamp: -1 },
      { value: 3, timestamp: 9 },
      { value: 10, timestamp: 19 },
    ]);
  });

  it('honours the offset', async () => {
    const { harness } = await harnessFor(spec(TumblingEventTimeWindows.of(10, 3), describe_()));
    harness.processElement(ev('a', 1), 2);
    harness.processElement(ev('a', 2), 3);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['a [-7,3) 1', 'a [3,13) 2']);
  });

  it('rejects records without timestamps and bad keys with clear errors', async () => {
    const { harness } = await harnessFor(spec(TumblingEventTimeWindows.of(10), sum));
    expect(() => harness.processElement(ev('a', 1), NO_TIMESTAMP)).toThrow(/without a timestamp/);
    expect(() => harness.processElement({ key: undefined, v: 1 }, 5)).toThrow(RecordError);
    expect(() => harness.processElement({ key: undefined, v: 1 }, 5)).toThrow(/window operator 'test-operator'/);
  });
});

describe('WindowOperator: sliding event-time windows', () => {
  it('puts each element into size / slide windows and fires each', async () => {
    const { harness, numTimers, numContents } = await harnessFor(spec(SlidingEventTimeWindows.of(10, 5), describe_()));
    harness.processElement(ev('a', 1), 1);
    harness.processElement(ev('a', 2), 6);
    harness.processElement(ev('a', 3), 12);
    harness.processWatermark(4);
    expect(harness.records()).toEqual(['a [-5,5) 1']);
    harness.processWatermark(14);
    expect(harness.records()).toEqual(['a [-5,5) 1', 'a [0,10) 1,2', 'a [5,15) 2,3']);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records().slice(3)).toEqual(['a [10,20) 3']);
    expect(numTimers() + numContents()).toBe(0);
  });
});

/** EventTimeTrigger by another name, so the operator cannot tell it is the default and uses timers. */
class SameAsEventTimeTrigger extends Trigger<unknown, Window> {
  private readonly inner = EventTimeTrigger.create();
  onElement(element: unknown, timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    return this.inner.onElement(element, timestamp, window, ctx);
  }
  onEventTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    return this.inner.onEventTime(time, window, ctx);
  }
  onProcessingTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    return this.inner.onProcessingTime(time, window, ctx);
  }
  clear(window: Window, ctx: TriggerContext): void {
    this.inner.clear(window, ctx);
  }
}

describe('WindowOperator: aligned event-time windows fired without timers', () => {
  it('fires as the timers would have: windows by end, keys in the order they came (randomized)', async () => {
    let seed = 5;
    const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const whenSeen = (key: string, ctx: ProcessWindowFunction.Context<TimeWindow>, elements: Iterable<Event>) =>
      `${key} [${ctx.window.start},${ctx.window.end}) ${[...elements].map((e) => e.v).join(',')} wm ${ctx.currentWatermark()}`;
    class Seen extends ProcessWindowFunction<Event, string, string, TimeWindow> {
      process(
        key: string,
        ctx: ProcessWindowFunction.Context<TimeWindow>,
        els: Iterable<Event>,
        out: Collector<string>,
      ) {
        out.collect(whenSeen(key, ctx, els));
      }
    }
    for (const assigner of [SlidingEventTimeWindows.of(10, 5), TumblingEventTimeWindows.of(7, 2)]) {
      for (const windowFunction of [sum, { kind: 'process', process: new Seen() as never } as WindowFunctionSpec]) {
        const fast = await harnessFor(spec(assigner, windowFunction));
        const timed = await harnessFor(spec(assigner, windowFunction, { trigger: new SameAsEventTimeTrigger() }));
        let watermark = -5;
        for (let i = 0; i < 400; i++) {
          // Mostly in order, sometimes far behind (late, or into an older pending window).
          const t = watermark + random(30) - (random(8) === 0 ? 20 : 0);
          const e = ev(`k${random(6)}`, i);
          fast.harness.processElement(e, t);
          timed.harness.processElement(e, t);
          if (random(10) === 0) {
            watermark += random(25);
            fast.harness.processWatermark(watermark);
            timed.harness.processWatermark(watermark);
          }
        }
        fast.harness.processWatermark(MAX_WATERMARK);
        timed.harness.processWatermark(MAX_WATERMARK);
        expect(timed.numTimers()).toBe(0);
        expect(fast.harness.output.length).toBeGreaterThan(100);
        expect(fast.harness.output).toEqual(timed.harness.output);
        expect(fast.operator.numLateRecordsDropped).toBe(timed.operator.numLateRecordsDropped);
        expect(fast.operator.numLateRecordsDropped).toBeGreaterThan(0);
        expect(fast.numContents()).toBe(0);
      }
    }
  });

  it('sets no timer per key and window', async () => {
    const { harness, numTimers, numContents } = await harnessFor(spec(SlidingEventTimeWindows.of(10, 5), sum));
    harness.processElement(ev('a', 1), 7);
    harness.processElement(ev('b', 2), 8);
    expect(numTimers()).toBe(0);
    expect(numContents()).toBe(4);
    harness.processWatermark(9);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: ev('a', 1), timestamp: 9 },
      { value: ev('b', 2), timestamp: 9 },
    ]);
    expect(numContents()).toBe(2);
  });
});

describe('WindowOperator: namespaces', () => {
  it('keeps the contents and timers of aligned windows under their start, and of other windows under their key', async () => {
    const sliding = await harnessFor(spec(SlidingEventTimeWindows.of(10, 5), sum, { allowedLatenessMs: 5 }));
    sliding.harness.processElement(ev('a', 1), 7);
    const backend = sliding.harness.context.keyedStateBackend!;
    expect([0, 5].map((start) => backend.getKeys('window-contents', start))).toEqual([['a'], ['a']]);
    const timers = sliding.harness.context.timeServiceManager!.getInternalTimerService(
      'window-timers',
      sliding.operator,
    );
    expect(
      (timers as HeapInternalTimerService<Window>)
        .timersOfKeyGroup('event', backend.getCurrentKeyGroupIndex())
        .map((t) => (t as HeapTimer<Window>).namespaceKey)
        .sort(),
    ).toEqual([0, 0, 5, 5]);

    const sessions = await harnessFor(spec(EventTimeSessionWindows.withGap(10), sum));
    sessions.harness.processElement(ev('a', 1), 7);
    expect(sessions.harness.context.keyedStateBackend!.getKeys('window-contents', '7:17')).toEqual(['a']);
  });

  it("keeps a process function's per-window state of the window starting at 0 apart from its per-key state", async () => {
    const state = new ValueStateDescriptor<string>('seen');
    class Both extends ProcessWindowFunction<Event, string, string, TimeWindow> {
      process(key: string, ctx: ProcessWindowFunction.Context<TimeWindow>, _: Iterable<Event>, out: Collector<string>) {
        // One state object serves both stores, pointed at a namespace on each access: used in turn.
        const perWindow = ctx.windowState().getState(state);
        const inWindow = perWindow.value() ?? '-';
        perWindow.update(`w${ctx.window.start}`);
        const perKey = ctx.globalState().getState(state);
        const inKey = perKey.value() ?? '-';
        perKey.update(`k${ctx.window.start}`);
        out.collect(`${key} window ${inWindow} key ${inKey}`);
      }
    }
    const { harness } = await harnessFor(
      spec(
        TumblingEventTimeWindows.of(10),
        { kind: 'process', process: new Both() as never },
        { allowedLatenessMs: 5 },
      ),
    );
    harness.processElement(ev('a', 1), 1);
    harness.processWatermark(9);
    harness.processElement(ev('a', 2), 2);
    expect(harness.records()).toEqual(['a window - key -', 'a window w0 key k0']);
  });
});

describe('WindowOperator: session windows', () => {
  it('merges overlapping sessions and fires each once its gap has passed', async () => {
    const { harness, numTimers, numContents } = await harnessFor(
      spec(EventTimeSessionWindows.withGap(10), describe_()),
    );
    harness.processElement(ev('a', 1), 1);
    harness.processElement(ev('a', 2), 5);
    harness.processElement(ev('b', 3), 7);
    harness.processElement(ev('a', 4), 20);
    harness.processWatermark(14);
    expect(harness.records()).toEqual(['a [1,15) 1,2']);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['a [1,15) 1,2', 'b [7,17) 3', 'a [20,30) 4']);
    expect(numTimers() + numContents()).toBe(0);
    expect(harness.context.keyedStateBackend!.numEntries('merging-window-set')).toBe(0);
  });

  it('joins two sessions with an element that bridges them, firing the result once', async () => {
    const { harness, numTimers } = await harnessFor(spec(EventTimeSessionWindows.withGap(10), sum));
    harness.processElement(ev('a', 1), 0);
    harness.processElement(ev('a', 2), 20);
    harness.processElement(ev('a', 4), 10);
    // Only the merged window's timer is left.
    expect(numTimers()).toBe(1);
    harness.processWatermark(9);
    harness.processWatermark(19);
    expect(harness.records()).toEqual([]);
    harness.processWatermark(29);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: { key: 'a', v: 7 }, timestamp: 29 }]);
  });

  it('merges incremental aggregates too', async () => {
    const { harness } = await harnessFor(spec(EventTimeSessionWindows.withGap(5), averageFn));
    harness.processElement(ev('a', 2), 0);
    harness.processElement(ev('a', 6), 8);
    harness.processElement(ev('a', 4), 4);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: 4, timestamp: 12 }]);
  });

  it('takes the gap from each element with a dynamic gap', async () => {
    const assigner = EventTimeSessionWindows.withDynamicGap((e: Event) => e.v);
    const { harness } = await harnessFor(spec(assigner as WindowAssigner<unknown, Window>, describe_()));
    harness.processElement(ev('a', 3), 0);
    harness.processElement(ev('a', 20), 5);
    harness.processElement(ev('a', 1), 30);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['a [0,3) 3', 'a [5,25) 20', 'a [30,31) 1']);
  });

  it('counts across merged sessions with a CountTrigger', async () => {
    const { harness } = await harnessFor(
      spec(EventTimeSessionWindows.withGap(10), describe_(), { trigger: CountTrigger.of(3) }),
    );
    harness.processElement(ev('a', 1), 0);
    harness.processElement(ev('a', 2), 20);
    expect(harness.records()).toEqual([]);
    // [10, 20) touches both sessions: the counts of [0, 10) and [20, 30) add up, and this is the third.
    harness.processElement(ev('a', 3), 10);
    expect(harness.records()).toEqual(['a [0,30) 1,2,3']);
  });

  it('has no per-window state, as the windows change when they merge', async () => {
    const process = new (class extends ProcessWindowFunction<Event, string, string, Window> {
      process(_k: string, ctx: ProcessWindowFunction.Context<Window>) {
        ctx.windowState();
      }
    })();
    const { harness } = await harnessFor(
      spec(EventTimeSessionWindows.withGap(10), { kind: 'process', process: process as never }),
    );
    harness.processElement(ev('a', 1), 0);
    expect(() => harness.processWatermark(MAX_WATERMARK)).toThrow(/windowState\(\) is not available with merging/);
  });

  it('rejects a trigger that cannot merge', async () => {
    class NoMerge extends Trigger<unknown, Window> {
      onElement(): TriggerResult {
        return 'CONTINUE';
      }
      onEventTime(): TriggerResult {
        return 'CONTINUE';
      }
      onProcessingTime(): TriggerResult {
        return 'CONTINUE';
      }
      clear(): void {}
    }
    expect(
      () => new WindowOperator(spec(EventTimeSessionWindows.withGap(10), sum, { trigger: new NoMerge() })),
    ).toThrow(JobDefinitionError);
    expect(
      () => new WindowOperator(spec(EventTimeSessionWindows.withGap(10), sum, { trigger: new NoMerge() })),
    ).toThrow(/NoMerge cannot be used with the merging window assigner EventTimeSessionWindows\(10\)/);
  });

  it('drops elements whose session is already late', async () => {
    const tag = new OutputTag<Event>('late');
    const { harness } = await harnessFor(spec(EventTimeSessionWindows.withGap(10), sum, { lateDataTag: tag.id }));
    harness.processWatermark(20);
    harness.processElement(ev('a', 1), 10);
    harness.processElement(ev('a', 2), 11);
    harness.processElement(ev('a', 3), 12);
    // [10, 20) and [11, 21) end at or before the watermark; [12, 22) does not.
    expect(harness.sideOutputWithTimestamps('late')).toEqual([
      { value: ev('a', 1), timestamp: 10 },
      { value: ev('a', 2), timestamp: 11 },
    ]);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: ev('a', 3), timestamp: 21 }]);
  });
});

describe('WindowOperator: global windows and count windows', () => {
  it('countWindow(size): GlobalWindows with a purging CountTrigger', async () => {
    const { harness } = await harnessFor(
      spec(GlobalWindows.create(), sum, { trigger: PurgingTrigger.of(CountTrigger.of(3)) }),
    );
    for (let i = 1; i <= 7; i++) harness.processElement(ev('a', i), NO_TIMESTAMP);
    harness.processElement(ev('b', 100), NO_TIMESTAMP);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: { key: 'a', v: 6 }, timestamp: GlobalWindow.INSTANCE.maxTimestamp() },
      { value: { key: 'a', v: 15 }, timestamp: GlobalWindow.INSTANCE.maxTimestamp() },
    ]);
  });

  it('countWindow(size, slide): GlobalWindows with a CountTrigger(slide) and a CountEvictor(size)', async () => {
    const { harness } = await harnessFor(
      spec(GlobalWindows.create(), sum, { trigger: CountTrigger.of(2), evictor: CountEvictor.of(3) }),
    );
    for (let i = 1; i <= 7; i++) harness.processElement(ev('a', i), NO_TIMESTAMP);
    expect(values(harness.records())).toEqual(['a=3', 'a=9', 'a=15']);
    expect(harness.context.keyedStateBackend!.numEntries('window-contents')).toBe(1);
  });

  it('never fires with the default trigger, even at the end of input', async () => {
    const { harness } = await harnessFor(spec(GlobalWindows.create(), sum));
    harness.processElement(ev('a', 1), 5);
    harness.processWatermark(MAX_WATERMARK);
    await harness.finish();
    expect(harness.records()).toEqual([]);
  });
});

describe('WindowOperator: element contents', () => {
  it('keeps the elements themselves without an evictor, and with their timestamps for an evictor', async () => {
    const stored = async (more: Partial<WindowOperatorSpec>) => {
      const { harness } = await harnessFor(spec(TumblingEventTimeWindows.of(10), describe_(), more));
      harness.processElement(ev('a', 1), 3);
      harness.processElement(ev('a', 2), 4);
      const backend = harness.context.keyedStateBackend as HeapKeyedStateBackend;
      const table = backend.registeredStates().get('window-contents')!.table;
      const contents = Array.from(table.entriesOfKeyGroup(backend.getCurrentKeyGroupIndex()), ([, , v]) => v);
      harness.processWatermark(MAX_WATERMARK);
      return { contents, records: harness.records() };
    };
    expect(await stored({})).toEqual({ contents: [[ev('a', 1), ev('a', 2)]], records: ['a [0,10) 1,2'] });
    expect(await stored({ evictor: CountEvictor.of(5) as never })).toEqual({
      contents: [
        [
          { value: ev('a', 1), timestamp: 3 },
          { value: ev('a', 2), timestamp: 4 },
        ],
      ],
      records: ['a [0,10) 1,2'],
    });
  });
});

describe('WindowOperator: evictors', () => {
  it('evicts before the function: TimeEvictor keeps what is less than its size older than the newest', async () => {
    const { harness } = await harnessFor(
      spec(TumblingEventTimeWindows.of(100), describe_(), { evictor: TimeEvictor.of(10) }),
    );
    for (const t of [1, 50, 55, 60, 41]) harness.processElement(ev('a', t), t);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['a [0,100) 55,60']);
  });

  it('evicts after the function, keeping what is left for the next firing', async () => {
    const { harness } = await harnessFor(
      spec(GlobalWindows.create(), describe_(), {
        trigger: CountTrigger.of(2),
        evictor: CountEvictor.of(1, true),
      }),
    );
    for (let i = 1; i <= 5; i++) harness.processElement(ev('a', i), NO_TIMESTAMP);
    expect(harness.records()).toEqual(['a GlobalWindow 1,2', 'a GlobalWindow 2,3,4']);
  });

  it('reduces and aggregates over the elements left after eviction', async () => {
    const reduced = await harnessFor(spec(TumblingEventTimeWindows.of(100), sum, { evictor: CountEvictor.of(2) }));
    const averaged = await harnessFor(
      spec(TumblingEventTimeWindows.of(100), averageFn, { evictor: CountEvictor.of(2) }),
    );
    for (const { harness } of [reduced, averaged]) {
      for (const v of [1, 2, 10]) harness.processElement(ev('a', v), v);
      harness.processWatermark(MAX_WATERMARK);
    }
    expect(reduced.harness.recordsWithTimestamps()).toEqual([{ value: { key: 'a', v: 12 }, timestamp: 99 }]);
    expect(averaged.harness.records()).toEqual([6]);
  });
});

describe('WindowOperator: allowed lateness and late data', () => {
  it('fires again for each late element within the allowed lateness, then cleans up', async () => {
    const { operator, harness, numTimers, numContents } = await harnessFor(
      spec(TumblingEventTimeWindows.of(10), sum, { allowedLatenessMs: 5 }),
    );
    harness.processElement(ev('a', 1), 1);
    harness.processWatermark(9);
    harness.processElement(ev('a', 2), 3);
    harness.processWatermark(13);
    harness.processElement(ev('a', 4), 9);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: { key: 'a', v: 1 }, timestamp: 9 },
      { value: { key: 'a', v: 3 }, timestamp: 9 },
      { value: { key: 'a', v: 7 }, timestamp: 9 },
    ]);
    expect(numContents()).toBe(1);
    // The cleanup timer at end − 1 + lateness (14) removes the window.
    harness.processWatermark(14);
    expect(numContents()).toBe(0);
    expect(numTimers()).toBe(0);
    harness.processElement(ev('a', 8), 9);
    expect(harness.records()).toHaveLength(3);
    expect(operator.numLateRecordsDropped).toBe(1);
  });

  it("does not look for the default trigger's timer when a window is cleaned up: it fired by then", async () => {
    for (const allowedLatenessMs of [0, 5]) {
      const { operator, harness, numTimers, numContents } = await harnessFor(
        spec(SlidingEventTimeWindows.of(10, 5), sum, { allowedLatenessMs }),
      );
      const timers = harness.context.timeServiceManager!.getInternalTimerService('window-timers', operator);
      const deleted = jest.spyOn(timers, 'deleteEventTimeTimer');
      harness.processElement(ev('a', 1), 7);
      harness.processElement(ev('b', 2), 8);
      harness.processWatermark(MAX_WATERMARK);
      expect(harness.records()).toEqual([ev('a', 1), ev('b', 2), ev('a', 1), ev('b', 2)]);
      expect(deleted).not.toHaveBeenCalled();
      expect(numTimers() + numContents()).toBe(0);
    }
  });

  it('sends late elements to the late side output when one is set', async () => {
    const tag = new OutputTag<Event>('late-events');
    const { operator, harness } = await harnessFor(spec(TumblingEventTimeWindows.of(10), sum, { lateDataTag: tag.id }));
    harness.processWatermark(9);
    harness.processElement(ev('a', 1), 9);
    harness.processElement(ev('a', 2), 10);
    harness.processElement(ev('a', 3), -20);
    expect(harness.sideOutputWithTimestamps(tag.id)).toEqual([
      { value: ev('a', 1), timestamp: 9 },
      { value: ev('a', 3), timestamp: -20 },
    ]);
    expect(operator.numLateRecordsDropped).toBe(0);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual([ev('a', 2)]);
  });

  it('is late only once every window of a sliding element is late', async () => {
    const { operator, harness } = await harnessFor(spec(SlidingEventTimeWindows.of(10, 5), describe_()));
    harness.processWatermark(9);
    harness.processElement(ev('a', 1), 7);
    harness.processElement(ev('a', 2), 2);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['a [5,15) 1']);
    expect(operator.numLateRecordsDropped).toBe(1);
  });

  it('validates the allowed lateness', () => {
    expect(() => new WindowOperator(spec(TumblingEventTimeWindows.of(10), sum, { allowedLatenessMs: -1 }))).toThrow(
      /allowed lateness .* not -1/,
    );
  });
});

describe('WindowOperator: process window functions', () => {
  it('gives ctx.window, the watermark, per-window and per-key state and side outputs', async () => {
    const seen = new OutputTag<string>('seen');
    const calls: string[] = [];
    class Stateful extends ProcessWindowFunction<Event, string, string, TimeWindow> {
      opened: RuntimeContext | undefined;
      closed = false;
      override open(ctx: RuntimeContext) {
        this.opened = ctx;
      }
      override close() {
        this.closed = true;
      }
      process(
        key: string,
        ctx: ProcessWindowFunction.Context<TimeWindow>,
        elements: Iterable<Event>,
        out: Collector<string>,
      ) {
        const firings = ctx.windowState().getState(new ValueStateDescriptor<number>('firings'));
        firings.update((firings.value() ?? 0) + 1);
        const total = ctx.globalState().getState(new ValueStateDescriptor<number>('total'));
        total.update((total.value() ?? 0) + [...elements].length);
        ctx.output(seen, `${key}@${ctx.window.start}`);
        out.collect(
          `${key} [${ctx.window.start},${ctx.window.end}) firing ${firings.value()} total ${total.value()} wm ${ctx.currentWatermark()} pt ${ctx.currentProcessingTime()}`,
        );
      }
      override clear(ctx: ProcessWindowFunction.Context<TimeWindow>) {
        calls.push(`clear ${ctx.window.start}`);
        ctx.windowState().getState(new ValueStateDescriptor<number>('firings')).clear();
      }
    }
    const fn = new Stateful();
    const { harness } = await harnessFor(
      spec(TumblingEventTimeWindows.of(10), { kind: 'process', process: fn as never }, { allowedLatenessMs: 10 }),
    );
    expect(fn.opened?.getTaskName()).toBe('test-operator');
    harness.setProcessingTime(42);
    harness.processElement(ev('a', 1), 1);
    harness.processElement(ev('a', 2), 11);
    harness.processWatermark(9);
    harness.processElement(ev('a', 3), 2);
    harness.processWatermark(19);
    expect(harness.records()).toEqual([
      'a [0,10) firing 1 total 1 wm 9 pt 42',
      'a [0,10) firing 2 total 3 wm 9 pt 42',
      'a [10,20) firing 1 total 4 wm 19 pt 42',
    ]);
    expect(harness.sideOutputWithTimestamps('seen')).toEqual([
      { value: 'a@0', timestamp: 9 },
      { value: 'a@0', timestamp: 9 },
      { value: 'a@10', timestamp: 19 },
    ]);
    expect(calls).toEqual(['clear 0']);
    harness.processWatermark(MAX_WATERMARK);
    expect(calls).toEqual(['clear 0', 'clear 10']);
    expect(harness.context.keyedStateBackend!.numEntries('firings')).toBe(0);
    expect(harness.context.keyedStateBackend!.numEntries('total')).toBe(1);
    await harness.close();
    expect(fn.closed).toBe(true);
  });

  it("keeps a window's elements without asking the default trigger again after its first, late firings included", async () => {
    const { operator, harness, numTimers } = await harnessFor(
      spec(TumblingEventTimeWindows.of(10), describe_(), { allowedLatenessMs: 10 }),
    );
    const timers = harness.context.timeServiceManager!.getInternalTimerService('window-timers', operator);
    const registered = jest.spyOn(timers, 'registerEventTimeTimer');
    for (let v = 1; v <= 4; v++) harness.processElement(ev('a', v), v);
    harness.processElement(ev('b', 5), 5);
    // One trigger timer (end − 1) and one cleanup timer (end − 1 + lateness) per key and window.
    expect(registered.mock.calls.map(([w, t]) => `${String((w as TimeWindow).start)}@${t}`)).toEqual([
      '0@9',
      '0@19',
      '0@9',
      '0@19',
    ]);
    expect(numTimers()).toBe(4);
    harness.processWatermark(9);
    harness.processElement(ev('a', 6), 6);
    expect(harness.records()).toEqual(['a [0,10) 1,2,3,4', 'b [0,10) 5', 'a [0,10) 1,2,3,4,6']);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toHaveLength(3);
    expect(numTimers()).toBe(0);
  });

  it('after aggregate(agg, process), hands the process function the one pre-aggregated value', async () => {
    const { harness } = await harnessFor(
      spec(TumblingEventTimeWindows.of(10), { ...averageFn, process: new Describe() as never }),
    );
    for (const v of [1, 2, 6]) harness.processElement(ev('k', v), v);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: 'k [0,10) 3', timestamp: 9 }]);
  });

  it('after reduce(fn, process), hands the process function the one reduced value', async () => {
    const { harness } = await harnessFor(
      spec(TumblingEventTimeWindows.of(10), { ...sum, process: new Describe() as never }),
    );
    for (const v of [1, 2, 6]) harness.processElement(ev('k', v), v);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['k [0,10) 9']);
  });

  it('opens and closes a rich reduce function', async () => {
    const events: string[] = [];
    const reduce = {
      open: (ctx: RuntimeContext) => events.push(`open ${ctx.getIndexOfThisSubtask()}`),
      close: () => events.push('close'),
      reduce: (a: unknown) => a,
    };
    const { harness } = await harnessFor(spec(TumblingEventTimeWindows.of(10), { kind: 'reduce', reduce }));
    await harness.close();
    expect(events).toEqual(['open 0', 'close']);
  });
});

describe('WindowOperator: triggers', () => {
  it('fires early and at the end with a ContinuousEventTimeTrigger', async () => {
    const { harness } = await harnessFor(
      spec(TumblingEventTimeWindows.of(100), sum, { trigger: ContinuousEventTimeTrigger.of(30) }),
    );
    harness.processElement(ev('a', 1), 5);
    harness.processWatermark(30);
    harness.processElement(ev('a', 2), 40);
    harness.processWatermark(60);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: ev('a', 1), timestamp: 99 },
      { value: ev('a', 3), timestamp: 99 },
      { value: ev('a', 3), timestamp: 99 },
      { value: ev('a', 3), timestamp: 99 },
    ]);
  });
});

describe('WindowOperator: processing-time windows', () => {
  it('assigns by and fires on the wall clock', async () => {
    const { harness, numTimers, numContents } = await harnessFor(
      spec(TumblingProcessingTimeWindows.of(10), describe_()),
    );
    harness.setProcessingTime(3);
    harness.processElement(ev('a', 1), 500);
    harness.processElement(ev('b', 2), NO_TIMESTAMP);
    harness.setProcessingTime(8);
    harness.processElement(ev('a', 3), NO_TIMESTAMP);
    expect(harness.records()).toEqual([]);
    // The window [0, 10) fires when the clock reaches its end − 1.
    harness.setProcessingTime(9);
    harness.processElement(ev('a', 4), NO_TIMESTAMP);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'a [0,10) 1,3', timestamp: 9 },
      { value: 'b [0,10) 2', timestamp: 9 },
    ]);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toHaveLength(2);
    // An element at 9 still belongs to [0, 10): its timer is due at once, so it fires on the next tick.
    harness.setProcessingTime(10);
    expect(harness.records()).toEqual(['a [0,10) 1,3', 'b [0,10) 2', 'a [0,10) 4']);
    harness.processElement(ev('a', 5), NO_TIMESTAMP);
    harness.setProcessingTime(25);
    expect(harness.records()).toEqual(['a [0,10) 1,3', 'b [0,10) 2', 'a [0,10) 4', 'a [10,20) 5']);
    expect(numTimers() + numContents()).toBe(0);
  });

  it('aggregates incrementally on the wall clock, a window refilled after firing firing again', async () => {
    const { harness, numTimers, numContents } = await harnessFor(spec(TumblingProcessingTimeWindows.of(10), sum));
    harness.setProcessingTime(3);
    harness.processElement(ev('a', 1), NO_TIMESTAMP);
    harness.processElement(ev('a', 2), NO_TIMESTAMP);
    harness.setProcessingTime(9);
    expect(harness.recordsWithTimestamps()).toEqual([{ value: ev('a', 3), timestamp: 9 }]);
    harness.processElement(ev('a', 4), NO_TIMESTAMP);
    harness.processElement(ev('a', 8), NO_TIMESTAMP);
    harness.setProcessingTime(10);
    expect(harness.records()).toEqual([ev('a', 3), ev('a', 12)]);
    expect(numTimers() + numContents()).toBe(0);
    expect(harness.context.keyedStateBackend!.numEntries('open-processing-time-windows')).toBe(0);
  });

  it('fires the windows still open once when bounded input ends', async () => {
    const { harness, numTimers, numContents } = await harnessFor(
      spec(SlidingProcessingTimeWindows.of(10, 5), describe_()),
    );
    harness.setProcessingTime(7);
    harness.processElement(ev('a', 1), NO_TIMESTAMP);
    harness.processElement(ev('b', 2), NO_TIMESTAMP);
    harness.setProcessingTime(10);
    harness.processElement(ev('a', 3), NO_TIMESTAMP);
    expect(harness.records()).toEqual(['a [0,10) 1', 'b [0,10) 2']);
    await harness.finish();
    // By window end; windows that end together in key-group order.
    expect(harness.records()).toEqual(['a [0,10) 1', 'b [0,10) 2', 'b [5,15) 2', 'a [5,15) 1,3', 'a [10,20) 3']);
    expect(numTimers() + numContents()).toBe(0);
    expect(harness.context.keyedStateBackend!.numEntries('open-processing-time-windows')).toBe(0);
  });

  it('merges processing-time sessions and fires the open ones at the end of input', async () => {
    const { harness, numTimers } = await harnessFor(spec(ProcessingTimeSessionWindows.withGap(10), describe_()));
    harness.processElement(ev('a', 1), NO_TIMESTAMP);
    harness.setProcessingTime(5);
    harness.processElement(ev('a', 2), NO_TIMESTAMP);
    harness.setProcessingTime(13);
    expect(harness.records()).toEqual([]);
    harness.setProcessingTime(14);
    expect(harness.records()).toEqual(['a [0,15) 1,2']);
    harness.setProcessingTime(15);
    harness.processElement(ev('a', 3), NO_TIMESTAMP);
    harness.processElement(ev('b', 4), NO_TIMESTAMP);
    await harness.finish();
    expect(harness.records()).toEqual(['a [0,15) 1,2', 'b [15,25) 4', 'a [15,25) 3']);
    expect(numTimers()).toBe(0);
    expect(harness.context.keyedStateBackend!.numEntries('merging-window-set')).toBe(0);
  });
});

describe('WindowOperator: windowAll', () => {
  it('puts every element under one key', async () => {
    const { harness } = await harnessFor(
      spec(
        TumblingEventTimeWindows.of(10),
        { kind: 'aggregate', aggregate: average as never },
        { keySelector: undefined },
      ),
    );
    harness.processElement(ev('a', 1), 1);
    harness.processElement(ev('b', 5), 2);
    harness.processElement(ev('c', 100), 12);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 3, timestamp: 9 },
      { value: 100, timestamp: 19 },
    ]);
  });

  it('needs a keyed state backend even so', async () => {
    const harness = new OperatorTestHarness(
      new WindowOperator(spec(TumblingEventTimeWindows.of(10), sum, { keySelector: undefined })),
    );
    await expect(harness.open()).rejects.toThrow(/without a keyed state backend/);
  });
});
