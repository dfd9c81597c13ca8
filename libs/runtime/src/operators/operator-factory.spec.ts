import { MapStateDescriptor, WatermarkStrategy, type OperatorSpec } from '@weir/core';
import { CoBroadcastWithKeyedOperator } from './co-broadcast-with-keyed-operator';
import { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator';
import { CoProcessOperator } from './co-process-operator';
import { CoStreamFlatMap } from './co-stream-flat-map';
import { CoStreamMap } from './co-stream-map';
import { IntervalJoinOperator } from './interval-join-operator';
import { KeyedCoProcessOperator } from './keyed-co-process-operator';
import { KeyedProcessOperator } from './keyed-process-operator';
import { LocalReduceOperator } from './local-reduce-operator';
import { createOperator } from './operator-factory';
import { ProcessOperator } from './process-operator';
import { StreamFilter } from './stream-filter';
import { StreamFlatMap } from './stream-flat-map';
import { StreamGroupedReduce } from './stream-grouped-reduce';
import { StreamMap } from './stream-map';
import { TimestampsAndWatermarksOperator } from './timestamps-and-watermarks-operator';

const key = (x: unknown): string => String(x);
const processFn = { processElement: () => {} } as never;
const broadcast = { processElement: () => {}, processBroadcastElement: () => {} } as never;
const descriptors = [new MapStateDescriptor<unknown, unknown>('rules')];

const cases: [OperatorSpec, abstract new (...args: never[]) => unknown][] = [
  [{ kind: 'map', fn: { map: (x) => x } }, StreamMap],
  [{ kind: 'filter', fn: { filter: () => true } }, StreamFilter],
  [{ kind: 'flatMap', fn: { flatMap: () => {} } }, StreamFlatMap],
  [{ kind: 'process', fn: processFn }, ProcessOperator],
  [{ kind: 'keyedProcess', fn: processFn, keySelector: key }, KeyedProcessOperator],
  [{ kind: 'keyedReduce', fn: { reduce: (a) => a }, keySelector: key }, StreamGroupedReduce],
  [{ kind: 'localReduce', fn: { reduce: (a) => a }, keySelector: key }, LocalReduceOperator],
  [
    { kind: 'timestampsAndWatermarks', watermarkStrategy: WatermarkStrategy.noWatermarks() },
    TimestampsAndWatermarksOperator,
  ],
  [{ kind: 'coMap', fn: { map1: (x) => x, map2: (x) => x } }, CoStreamMap],
  [{ kind: 'coFlatMap', fn: { flatMap1: () => {}, flatMap2: () => {} } }, CoStreamFlatMap],
  [{ kind: 'coProcess', fn: processFn }, CoProcessOperator],
  [{ kind: 'keyedCoProcess', fn: processFn, keySelector1: key, keySelector2: key }, KeyedCoProcessOperator],
  [{ kind: 'broadcastProcess', fn: broadcast, keySelector: undefined, descriptors }, CoBroadcastWithNonKeyedOperator],
  [{ kind: 'broadcastProcess', fn: broadcast, keySelector: key, descriptors }, CoBroadcastWithKeyedOperator],
  [
    {
      kind: 'intervalJoin',
      fn: processFn,
      keySelector1: key,
      keySelector2: key,
      lowerBoundMs: 0,
      upperBoundMs: 1,
      lowerBoundInclusive: true,
      upperBoundInclusive: true,
    },
    IntervalJoinOperator,
  ],
];

describe('createOperator', () => {
  it.each(cases.map(([spec, type]) => [spec.kind, type.name, spec, type] as const))(
    "creates the operator for '%s' (%s)",
    (_kind, _name, spec, type) => {
      const operator = createOperator(spec);
      expect(operator).toBeInstanceOf(type);
      expect(operator.constructor).toBe(type);
    },
  );
});
