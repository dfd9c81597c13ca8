import { assignKeyToParallelOperator, MAX_WATERMARK, NO_TIMESTAMP, RecordError, type Key } from '@weir/common';
import {
  CountTrigger,
  CountEvictor,
  ProcessWindowFunction,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeWindow,
  TumblingEventTimeWindows,
  ValueStateDescriptor,
  type AggregateFunction,
  type Collector,
  type WindowFunctionSpec,
} from '@weir/core';
import type { HeapKeyedStateBackend, HeapTimeServiceManager } from '@weir/state';
import { KeyedStateWriter } from '../checkpoint/keyed-state-writer';
import { decodeOperatorState, encodeOperatorState, restoreKeyedState } from '../checkpoint/operator-snapshot-codec';
import { SnapshotArena } from '../checkpoint/snapshot-arena';
import type { HarnessOutputEvent } from '../testing/recording-output';
import { keyedWindowSpec } from '../testing/keyed-window-spec';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import type { OperatorState } from './operator-state';
import { runsAsSlices, SlicingWindowOperator } from './slicing-window-operator';
import { WindowOperator, type WindowOperatorSpec } from './window-operator';
import type { WindowPartial } from './window-partial';

interface Event {
  key: string;
  v: number;
}

interface Sum {
  sum: number;
  n: number;
}

/** Folds and merges in place, as AggregateFunction allows: a shared slice would show in the results. */
const inPlaceSum: AggregateFunction<Event, Sum, string> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (e, acc) => {
    acc.sum += e.v;
    acc.n++;
    return acc;
  },
  getResult: (acc) => `${acc.sum}/${acc.n}`,
  merge: (a, b) => {
    b.sum += a.sum;
    b.n += a.n;
    return b;
  },
};
const aggregate: WindowFunctionSpec = {
  kind: 'aggregate',
  aggregate: inPlaceSum as AggregateFunction<unknown, unknown, unknown>,
};
const reduce: WindowFunctionSpec = {
  kind: 'reduce',
  reduce: { reduce: (a, b) => ({ key: (a as Event).key, v: (a as Event).v + (b as Event).v }) },
};

/** Describes each firing, counting them per key and window in per-window state, which `clear` removes. */
class Firings extends ProcessWindowFunction<string, string, string, TimeWindow> {
  cleared = 0;
  private readonly firings = new ValueStateDescriptor<number>('firings');
  process(
    key: string,
    ctx: ProcessWindowFunction.Context<TimeWindow>,
    results: Iterable<string>,
    out: Collector<string>,
  ) {
    const firings = ctx.windowState().getState(this.firings);
    firings.update((firings.value() ?? 0) + 1);
    const { start, end } = ctx.window;
    out.collect(`${key} [${start},${end}) ${[...results].join()} #${firings.value()} wm ${ctx.currentWatermark()}`);
  }
  override clear(ctx: ProcessWindowFunction.Context<TimeWindow>): void {
    ctx.windowState().getState(this.firings).clear();
    this.cleared++;
  }
}
const aggregateThenProcess = (): WindowFunctionSpec => ({
  kind: 'aggregate',
  aggregate: inPlaceSum as AggregateFunction<unknown, unknown, unknown>,
  process: new Firings() as never,
});

const spec = keyedWindowSpec;

async function sliced(s: WindowOperatorSpec, options: { parallelism?: number; subtaskIndex?: number } = {}) {
  const operator = new SlicingWindowOperator(s);
  const harness = new OperatorTestHarness(operator, { keyed: true, ...options });
  return { operator, harness, numSlices: () => harness.context.keyedStateBackend!.numEntries('window-slices') };
}

/** What the operator emitted, each stretch between two watermarks sorted: keys of one window may fire in any order. */
function byWatermark(output: HarnessOutputEvent<unknown>[]): string[][] {
  const stretches: string[][] = [[]];
  for (const event of output) {
    if (event.kind === 'watermark') stretches.push([]);
    else stretches[stretches.length - 1].push(JSON.stringify(event));
  }
  return stretches.map((stretch) => stretch.sort());
}

let seed = 7;
const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);

/** Mostly in order, sometimes far behind (late, or into a slice some of whose windows fired). */
function randomInput(length: number): { element?: [Event, number]; watermark?: number }[] {
  const input: { element?: [Event, number]; watermark?: number }[] = [];
  let watermark = -5;
  for (let i = 0; i < length; i++) {
    const t = watermark + random(30) - (random(8) === 0 ? 25 : 0);
    input.push({ element: [{ key: `k${random(7)}`, v: i }, t] });
    if (random(10) === 0) input.push({ watermark: (watermark += random(25)) });
  }
  input.push({ watermark: MAX_WATERMARK });
  return input;
}

describe('SlicingWindowOperator', () => {
  it('runs sliding event-time windows of whole slides, default trigger, no evictor or lateness, folded incrementally', () => {
    const sliding = SlidingEventTimeWindows.of(10, 5);
    expect(runsAsSlices(spec(sliding, aggregate))).toBe(true);
    expect(runsAsSlices(spec(sliding, reduce))).toBe(true);
    expect(runsAsSlices(spec(sliding, aggregateThenProcess()))).toBe(true);
    for (const other of [
      spec(TumblingEventTimeWindows.of(10), aggregate),
      spec(SlidingEventTimeWindows.of(10, 4), aggregate),
      spec(SlidingProcessingTimeWindows.of(10, 5), aggregate),
      spec(sliding, aggregate, { allowedLatenessMs: 1 }),
      spec(sliding, aggregate, { trigger: CountTrigger.of(2) }),
      spec(sliding, aggregate, { evictor: CountEvictor.of(2) }),
      spec(sliding, { kind: 'process', process: new Firings() as never }),
    ]) {
      expect(runsAsSlices(other)).toBe(false);
    }
  });

  it.each([
    ['an aggregate that merges in place', SlidingEventTimeWindows.of(10, 5), () => aggregate, false],
    ['a reduce, with an offset', SlidingEventTimeWindows.of(12, 3, 1), () => reduce, false],
    [
      'an aggregate and a process function with per-window state',
      SlidingEventTimeWindows.of(9, 3),
      aggregateThenProcess,
      false,
    ],
    ['late data to a side output', SlidingEventTimeWindows.of(10, 5), () => aggregate, true],
  ])('fires what the WindowOperator fires, with %s (randomized)', async (_, assigner, windowFunction, lateToSide) => {
    const more = lateToSide ? { lateDataTag: 'late' } : {};
    const slices = await sliced(spec(assigner, windowFunction(), more));
    const windows = new OperatorTestHarness(new WindowOperator(spec(assigner, windowFunction(), more)), {
      keyed: true,
    });
    await slices.harness.open();
    await windows.open();
    for (const { element, watermark } of randomInput(600)) {
      for (const harness of [slices.harness, windows]) {
        if (element !== undefined) harness.processElement(...element);
        else harness.processWatermark(watermark!);
      }
    }
    expect(slices.harness.records().length).toBeGreaterThan(150);
    expect(byWatermark(slices.harness.output)).toEqual(byWatermark(windows.output));
    const dropped = (windows.operator as WindowOperator).numLateRecordsDropped;
    if (lateToSide) expect(slices.harness.sideOutput('late')).toEqual(windows.sideOutput('late'));
    expect(slices.operator.numLateRecordsDropped).toBe(dropped);
    expect(dropped + slices.harness.sideOutput('late').length).toBeGreaterThan(0);
    expect(slices.numSlices()).toBe(0);
    const process = windowFunction().process as Firings | undefined;
    if (process !== undefined) {
      const firings = (slices.operator as unknown as { processFunction: Firings }).processFunction;
      expect(firings.cleared).toBe(slices.harness.records().length);
    }
  });

  it('keeps one accumulator per key and slice, and clears a slice once its last window fired', async () => {
    const { harness, numSlices } = await sliced(spec(SlidingEventTimeWindows.of(15, 5), aggregate));
    await harness.open();
    harness.processElement({ key: 'a', v: 1 }, 1);
    harness.processElement({ key: 'a', v: 2 }, 3);
    harness.processElement({ key: 'b', v: 4 }, 6);
    harness.processElement({ key: 'a', v: 8 }, 12);
    expect(numSlices()).toBe(3);
    harness.processWatermark(9);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: '3/2', timestamp: 4 },
      { value: '3/2', timestamp: 9 },
      { value: '4/1', timestamp: 9 },
    ]);
    expect(numSlices()).toBe(3);
    harness.processWatermark(14);
    // [0, 15): the slice [0, 5) served its last window.
    expect(harness.records().slice(3)).toEqual(['11/3', '4/1']);
    expect(numSlices()).toBe(2);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.recordsWithTimestamps().slice(5)).toEqual([
      { value: '4/1', timestamp: 19 },
      { value: '8/1', timestamp: 19 },
      { value: '8/1', timestamp: 24 },
    ]);
    expect(numSlices()).toBe(0);
  });

  it('merges partial slices from a pre-aggregation, each into its slice', async () => {
    const { harness } = await sliced(
      spec(SlidingEventTimeWindows.of(10, 5), aggregate, {
        keySelector: (p: WindowPartial) => p.key,
        mergesPartials: true,
      }),
    );
    await harness.open();
    const partial = (key: string, sum: number, n: number): WindowPartial => ({ key, partial: { sum, n } });
    harness.processElement(partial('a', 5, 2), 4);
    harness.processElement(partial('a', 1, 1), 4);
    harness.processElement(partial('a', 10, 3), 9);
    harness.processWatermark(MAX_WATERMARK);
    expect(harness.records()).toEqual(['6/3', '16/6', '10/3']);
  });

  it('names the assigner the user wrote when a record has no timestamp', async () => {
    const { harness } = await sliced(spec(SlidingEventTimeWindows.of(10, 5), aggregate));
    await harness.open();
    expect(() => harness.processElement({ key: 'a', v: 1 }, NO_TIMESTAMP)).toThrow(RecordError);
    expect(() => harness.processElement({ key: 'a', v: 1 }, NO_TIMESTAMP)).toThrow(
      'SlidingEventTimeWindows(10, 5) got a record without a timestamp',
    );
  });

  it('goes on from a checkpoint as if nothing happened: no window fires twice or is lost', async () => {
    const input = randomInput(500);
    const cut = 250;
    const windowSpec = () => spec(SlidingEventTimeWindows.of(10, 5), aggregate, { lateDataTag: 'late' });
    const whole = await sliced(windowSpec());
    await whole.harness.open();
    const feed = (harness: OperatorTestHarness, from: number, to: number) => {
      for (const { element, watermark } of input.slice(from, to)) {
        if (element !== undefined) harness.processElement(...element);
        else harness.processWatermark(watermark!);
      }
    };
    feed(whole.harness, 0, cut);
    const checkpoint = snapshotOf(whole.harness);
    whole.harness.clearOutput();
    feed(whole.harness, cut, input.length);

    const restored = await restoredFrom([checkpoint], windowSpec());
    feed(restored.harness, cut, input.length);
    expect(whole.harness.records().length).toBeGreaterThan(50);
    expect(sorted(restored.harness.records())).toEqual(sorted(whole.harness.records()));
    expect(restored.harness.sideOutput('late')).toEqual(whole.harness.sideOutput('late'));
  });

  it('after subtasks snapshot at different watermarks (unaligned) and rescale, each key group goes on from its own', async () => {
    const windowSpec = () => spec(SlidingEventTimeWindows.of(10, 5), aggregate, { lateDataTag: 'late' });
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const subtaskOf = (key: Key) => assignKeyToParallelOperator(key, 128, 2);
    const subtasks = [
      await sliced(windowSpec(), { parallelism: 2, subtaskIndex: 0 }),
      await sliced(windowSpec(), { parallelism: 2, subtaskIndex: 1 }),
    ];
    for (const { harness } of subtasks) await harness.open();
    const send = (harnesses: OperatorTestHarness[], t: number, v: number) => {
      for (const key of keys) harnesses[harnesses.length === 1 ? 0 : subtaskOf(key)].processElement({ key, v }, t);
    };
    for (let t = 0; t < 30; t += 2)
      send(
        subtasks.map((s) => s.harness),
        t,
        t,
      );
    // Subtask 0 took its barrier after watermark 24, subtask 1 after watermark 14.
    subtasks[0].harness.processWatermark(24);
    subtasks[1].harness.processWatermark(14);
    const checkpoints = subtasks.map(({ harness }) => snapshotOf(harness));

    // Without the failure: both go on, each from where it was.
    for (const { harness } of subtasks) harness.clearOutput();
    const goOn = (harnesses: OperatorTestHarness[]) => {
      send(harnesses, 18, 100);
      send(harnesses, 27, 200);
      for (const harness of harnesses) harness.processWatermark(24);
      send(harnesses, 22, 300);
      for (const harness of harnesses) harness.processWatermark(MAX_WATERMARK);
    };
    goOn(subtasks.map((s) => s.harness));
    const expected = subtasks.flatMap(({ harness }) => harness.records());

    // With it: one subtask takes every key group, each from its own subtask's mark.
    const rescaled = await restoredFrom(checkpoints, windowSpec());
    goOn([rescaled.harness]);
    expect(expected.length).toBeGreaterThan(30);
    expect(sorted(rescaled.harness.records())).toEqual(sorted(expected));
    expect(sorted(rescaled.harness.sideOutput('late'))).toEqual(
      sorted(subtasks.flatMap(({ harness }) => harness.sideOutput('late'))),
    );
  });
});

interface Checkpoint {
  keyed: ReturnType<KeyedStateWriter['result']>;
  operator: ReturnType<typeof encodeOperatorState>;
}

/** The operator's checkpoint, encoded as the runtime writes it. */
function snapshotOf(harness: OperatorTestHarness): Checkpoint {
  const { keyedStateBackend, timeServiceManager } = harness.context;
  const writer = new KeyedStateWriter(
    keyedStateBackend as HeapKeyedStateBackend,
    timeServiceManager as HeapTimeServiceManager,
    new SnapshotArena(),
  );
  writer.write(Number.POSITIVE_INFINITY);
  return { keyed: writer.result(), operator: encodeOperatorState(harness.operator.snapshotState(1) as OperatorState) };
}

/** A parallelism-1 operator restored from the checkpoints of every old subtask, opened. */
async function restoredFrom(checkpoints: Checkpoint[], s: WindowOperatorSpec) {
  const restored = await sliced(s);
  const { keyedStateBackend, timeServiceManager } = restored.harness.context;
  const keyed = { ...checkpoints[0].keyed, groups: checkpoints.flatMap((c) => c.keyed.groups) };
  restoreKeyedState(keyed, keyedStateBackend as HeapKeyedStateBackend, timeServiceManager as HeapTimeServiceManager);
  const unions = checkpoints.flatMap(
    ({ operator }) => decodeOperatorState(operator).unions?.['window-slices-fired-up-to'] ?? [],
  );
  restored.operator.initializeState({ unions: { 'window-slices-fired-up-to': unions } });
  await restored.harness.open();
  return restored;
}

const sorted = (values: unknown[]) => values.map((v) => JSON.stringify(v)).sort();
