/*
 * The runtime mode a job runs in, as Flink's RuntimeExecutionMode: 'streaming' (the default, for any
 * job), 'batch' (only for jobs whose sources all end) or 'automatic' (batch exactly when every source
 * is bounded). The JobGraph resolves it once, so operators only ever see 'streaming' or 'batch' in
 * their OperatorContext's config.
 */
import { JobDefinitionError } from '@weir/common';
import type { ExecutionConfig, RuntimeMode, StreamGraph } from '@weir/core';
import { describe } from './node-description';

export type ResolvedRuntimeMode = Exclude<RuntimeMode, 'automatic'>;

/** The ExecutionConfig a JobGraph carries: the job's, with the runtime mode resolved. */
export type ResolvedExecutionConfig = ExecutionConfig & { runtimeMode: ResolvedRuntimeMode };

/**
 * The mode `graph` runs in. A batch job must end, so 'batch' with an unbounded source is a
 * JobDefinitionError naming that source.
 */
export function resolveRuntimeMode(graph: StreamGraph): ResolvedRuntimeMode {
  const unbounded = [...graph.nodes.values()].filter(
    (node) => node.operator.kind === 'source' && node.operator.source.boundedness === 'unbounded',
  );
  switch (graph.config.runtimeMode) {
    case 'streaming':
      return 'streaming';
    case 'automatic':
      return unbounded.length === 0 ? 'batch' : 'streaming';
    case 'batch':
      if (unbounded.length > 0) {
        throw new JobDefinitionError(
          `Job '${graph.jobName}' is set to batch mode, but ${unbounded.map(describe).join(', ')} ` +
            `${unbounded.length === 1 ? 'reads an unbounded source, which never ends' : 'read unbounded sources, which never end'}, ` +
            "so the job could never produce its final results; use streaming mode (setRuntimeMode('streaming'), " +
            "or 'automatic' to pick batch only when every source is bounded).",
        );
      }
      return 'batch';
  }
}

/**
 * `config` with its mode resolved to `mode`. Batch mode turns checkpointing off, as Flink does: a
 * batch job recovers by running again from its bounded input, and its combiners hold partial
 * results outside keyed state, which a checkpoint would not capture.
 */
export function resolvedConfig(config: ExecutionConfig, mode: ResolvedRuntimeMode): ResolvedExecutionConfig {
  if (mode === 'streaming') return { ...config, runtimeMode: mode };
  return { ...config, runtimeMode: mode, checkpoint: { ...config.checkpoint, intervalMs: 0 } };
}
