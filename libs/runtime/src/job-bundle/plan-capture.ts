/**
 * A program (a script that builds a pipeline on `StreamExecutionEnvironment.getExecutionEnvironment()`
 * and calls `execute()`) travels to a cluster as its bundle, like a job module; but it has no build
 * function to call. So where it is loaded to find its functions (the JobManager, each TaskManager
 * slot), it runs with a plan capture active, as Flink's plan environments do: the environment it
 * asks for then records the graph `execute()` is given instead of running it.
 */
import type { JobBuildOptions, StreamGraph } from '@weir/core';

export interface PlanCapture {
  /** What the program's environment defaults to: the parallelism the client's environment had. */
  readonly options: JobBuildOptions;
  /** The graph of the program's first `execute()`. */
  graph: StreamGraph | undefined;
}

let active: PlanCapture | undefined;

/** The capture in progress in this thread, if a program is being loaded for its plan. */
export function activePlanCapture(): PlanCapture | undefined {
  return active;
}

/** Runs `load` (which runs the program) with a capture active, and returns what it captured. */
export function capturePlan(options: JobBuildOptions, load: () => void): StreamGraph | undefined {
  const capture: PlanCapture = { options, graph: undefined };
  active = capture;
  try {
    load();
  } finally {
    active = undefined;
  }
  return capture.graph;
}
