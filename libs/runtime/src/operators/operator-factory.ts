import type { AnyKeySelector, OperatorSpec } from '@weir/core';
import { SourceOperator } from '../task/source-operator';
import { CoBroadcastWithKeyedOperator } from './co-broadcast-with-keyed-operator';
import { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator';
import { CoProcessOperator } from './co-process-operator';
import { CoStreamFlatMap } from './co-stream-flat-map';
import { CoStreamMap } from './co-stream-map';
import { IntervalJoinOperator } from './interval-join-operator';
import { KeyedCoProcessOperator } from './keyed-co-process-operator';
import { KeyedProcessOperator } from './keyed-process-operator';
import { LocalReduceOperator } from './local-reduce-operator';
import { ProcessOperator } from './process-operator';
import { SinkOperator } from './sink-operator';
import { StreamFilter } from './stream-filter';
import { StreamFlatMap } from './stream-flat-map';
import { StreamGroupedReduce } from './stream-grouped-reduce';
import { StreamMap } from './stream-map';
import type { StreamOperator } from './stream-operator';
import { TimestampsAndWatermarksOperator } from './timestamps-and-watermarks-operator';
import { runsAsSlices, SlicingWindowOperator } from './slicing-window-operator';
import { WindowOperator } from './window-operator';
import { WindowPreAggregateOperator } from './window-pre-aggregate-operator';

/** The runtime operator for a StreamGraph node's spec: one fresh instance per subtask. */
export function createOperator(spec: OperatorSpec): StreamOperator {
  switch (spec.kind) {
    case 'source':
      return new SourceOperator(spec);
    case 'map':
      return new StreamMap(spec);
    case 'filter':
      return new StreamFilter(spec);
    case 'flatMap':
      return new StreamFlatMap(spec);
    case 'process':
      return new ProcessOperator(spec);
    case 'keyedProcess':
      return new KeyedProcessOperator(spec);
    case 'keyedReduce':
      return new StreamGroupedReduce(spec);
    case 'localReduce':
      return new LocalReduceOperator(spec);
    case 'timestampsAndWatermarks':
      return new TimestampsAndWatermarksOperator(spec);
    case 'window':
      return runsAsSlices(spec) ? new SlicingWindowOperator(spec) : new WindowOperator(spec);
    case 'windowPreAggregate':
      return new WindowPreAggregateOperator(spec);
    case 'coMap':
      return new CoStreamMap(spec);
    case 'coFlatMap':
      return new CoStreamFlatMap(spec);
    case 'coProcess':
      return new CoProcessOperator(spec);
    case 'keyedCoProcess':
      return new KeyedCoProcessOperator(spec);
    case 'broadcastProcess':
      return isKeyed(spec) ? new CoBroadcastWithKeyedOperator(spec) : new CoBroadcastWithNonKeyedOperator(spec);
    case 'intervalJoin':
      return new IntervalJoinOperator(spec);
    case 'sink':
      return new SinkOperator(spec);
  }
}

function isKeyed<S extends { keySelector: AnyKeySelector | undefined }>(
  spec: S,
): spec is S & { keySelector: AnyKeySelector } {
  return spec.keySelector !== undefined;
}
