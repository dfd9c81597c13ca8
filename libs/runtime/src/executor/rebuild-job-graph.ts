import type { JobBuildOptions } from '@weir/core';
import { JobDefinitionError } from '@weir/common';
import { JobGraph } from '../graph/job-graph';
import { loadJobBundle } from '../job-bundle/load-job-bundle';
import type { JobBundle } from '../job-bundle/job-bundle';

/**
 * Loads the job bundle where its subtasks run (a worker thread, a TaskManager slot) and rebuilds
 * its JobGraph, which must be the plan the coordinator built: only then do the operator uids find
 * the same user functions everywhere.
 */
export function rebuildJobGraph(bundle: JobBundle, buildOptions: JobBuildOptions, fingerprint: string): JobGraph {
  const definition = loadJobBundle(bundle);
  const jobGraph = JobGraph.fromStreamGraph(definition.buildGraph(buildOptions));
  if (planFingerprint(jobGraph) !== fingerprint) {
    throw new JobDefinitionError(
      `Job '${definition.name}' built a different plan in a worker thread than in the client: its build ` +
        'function must declare the same operators every time it runs (no randomness, no clock, no I/O deciding the graph).',
    );
  }
  return jobGraph;
}

/** Identifies a plan: a host that rebuilds the job must arrive at the same one. */
export function planFingerprint(graph: {
  vertices: readonly { id: number; parallelism: number; nodes: readonly { uid: string }[] }[];
}): string {
  return graph.vertices.map((v) => `${v.id}:${v.parallelism}:${v.nodes.map((n) => n.uid).join(',')}`).join(';');
}
