import type { SourceSplit } from '@weir/core';
import type { ColumnRange } from './sql-statements';

/**
 * One range of the partition column (or, unpartitioned, the whole query). Its checkpoint state is
 * how many of its rows were emitted: a restored reader runs the range's query again and skips them,
 * so resuming mid-range is exact when the query returns a range's rows in a stable order.
 */
export interface JdbcSplit extends SourceSplit, ColumnRange {
  offset: number;
}

export interface PartitionPlan {
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly numPartitions: number;
}

/**
 * Cuts `[lowerBound, upperBound]` into `numPartitions` ranges of (nearly) equal width, as Spark's
 * and Flink's JDBC sources do; the bounds only set the stride: the first range is open below (and
 * takes NULLs), the last open above, so every row is read exactly once whatever its value.
 * Integral bounds give integral cut points, and never more ranges than values.
 */
export function planSplits(plan: PartitionPlan | undefined): JdbcSplit[] {
  if (plan === undefined) return [{ splitId: 'all', lower: undefined, upper: undefined, offset: 0 }];
  const { lowerBound, upperBound } = plan;
  const integral = Number.isInteger(lowerBound) && Number.isInteger(upperBound);
  const width = integral ? upperBound - lowerBound + 1 : upperBound - lowerBound;
  const count = integral ? Math.min(plan.numPartitions, width) : plan.numPartitions;
  const cuts: number[] = [];
  for (let i = 1; i < count; i++) {
    const cut = lowerBound + (integral ? Math.floor((i * width) / count) : (i * width) / count);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  const splits: JdbcSplit[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    const lower = i === 0 ? undefined : cuts[i - 1];
    const upper = i === cuts.length ? undefined : cuts[i];
    splits.push({ splitId: `range-${i}`, lower, upper, offset: 0 });
  }
  return splits;
}
