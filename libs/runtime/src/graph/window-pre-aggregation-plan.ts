/*
 * Local-global window aggregation, as Flink's SQL planner does it for window aggregates: an
 * event-time window (keyed, or windowAll) that folds its contents incrementally (reduce or
 * aggregate) gets a pre-aggregation on each sending side of its shuffle (window-pre-aggregate-operator.ts), so one partial per key and
 * window crosses the shuffle instead of every record, and the folding runs at the senders' parallelism
 * (for windowAll, whose window runs at parallelism 1, that is what lets it scale at all).
 *
 * The result is the same as the window's own, by these rules:
 * - tumbling windows, or sliding windows that run as slices (slicing-window-operator.ts), whose
 *   partials are then per slice: a record's partial belongs to one window or slice, so it is merged
 *   exactly once and nothing is shared (a partial merged into several sliding windows would be, and an
 *   AggregateFunction's merge may reuse either argument);
 * - the default event-time trigger and no evictor: both look at single elements or fire before the
 *   watermark, which partials cannot serve;
 * - no late-data side output, which emits the late elements themselves.
 * Reduce functions are associative, as Flink assumes; an aggregate merges with its own `merge`.
 */
import type { Key } from '@weir/common';
import { AlignedTimeWindows, EventTimeTrigger, type OperatorSpec, type StreamGraph, type WindowFold } from '@weir/core';
import { runsAsSlices, SlicesOf } from '../operators/slicing-window-operator';
import { partialKey } from '../operators/window-partial';
import { insertCombiners } from './combiner-insertion';

type WindowSpec = Extract<OperatorSpec, { kind: 'window' }>;

/** `graph` with a pre-aggregation in front of every window that can take one. */
export function windowPreAggregationPlan(graph: StreamGraph): StreamGraph {
  return insertCombiners(graph, graph.config, ({ name, operator }, inputs) => {
    if (operator.kind !== 'window' || !canPreAggregate(operator)) return undefined;
    const { windowFunction: fn, keySelector } = operator;
    if (fn.kind === 'process') return undefined;
    const assigner = runsAsSlices(operator) ? new SlicesOf(operator.assigner as AlignedTimeWindows) : operator.assigner;
    const fold: WindowFold =
      fn.kind === 'reduce' ? { kind: 'reduce', reduce: fn.reduce } : { kind: 'aggregate', aggregate: fn.aggregate };
    const combinerName = `Pre-aggregate (${name})`;
    if (keySelector === undefined) {
      // windowAll: one partial per window from each sender to its single subtask, which a lone
      // sender would be chained to anyway.
      if (inputs.every((input) => graph.parallelismOf(graph.node(input.sourceId)) === 1)) return undefined;
      return {
        combiner: { kind: 'windowPreAggregate', keySelector: WINDOW_ALL, assigner, fold },
        combinerName,
        operator: { ...operator, mergesPartials: true },
      };
    }
    if (!inputs.every((input) => input.partitioner.kind === 'hash')) return undefined;
    return {
      combiner: { kind: 'windowPreAggregate', keySelector, assigner, fold },
      combinerName,
      partitioner: { kind: 'hash', keySelector: partialKey },
      operator: { ...operator, keySelector: partialKey, mergesPartials: true },
    };
  });
}

/** The one key of a windowAll's partials. */
const WINDOW_ALL = (): Key => 0;

function canPreAggregate(window: WindowSpec): boolean {
  const { assigner } = window;
  const tumbling = assigner instanceof AlignedTimeWindows && assigner.isEventTime() && assigner.size === assigner.slide;
  return (
    (tumbling || runsAsSlices(window)) &&
    window.trigger === EventTimeTrigger.create() &&
    window.evictor === undefined &&
    window.lateDataTag === undefined &&
    window.mergesPartials === undefined
  );
}
