/**
 * Plays a cluster job's output on its client, as embedded mode delivers it: values reach the
 * client-side sinks (collect) of the client's own copy of the graph, printed text goes to the
 * client's standard output, and a restart makes the sinks drop the failed attempt's values.
 */
import { RuntimeFailure } from '@weir/common';
import { isClientSink, type ClientSink, type StreamGraph } from '@weir/core';
import type { SerializedError } from '@weir/runtime';
import type { JobSummary, OutputFrame } from './rest-api';

export interface JobOutcome {
  job: JobSummary;
  failure?: SerializedError;
}

export async function playJobOutput(
  frames: AsyncIterable<OutputFrame>,
  graph: StreamGraph,
  stdout: { write(text: string): unknown },
): Promise<JobOutcome> {
  const sinks = new Map<number, ClientSink<unknown>>();
  for (const node of graph.nodes.values()) {
    if (node.operator.kind === 'sink' && isClientSink(node.operator.sink)) sinks.set(node.id, node.operator.sink);
  }
  for await (const frame of frames) {
    switch (frame.kind) {
      case 'values':
        sinks.get(frame.node)?.receive(frame.values, frame.subtask);
        break;
      case 'stdout':
        stdout.write(frame.text);
        break;
      case 'restart':
        for (const sink of sinks.values()) sink.onRestart?.();
        break;
      case 'end':
        return { job: frame.job, failure: frame.failure };
    }
  }
  throw new RuntimeFailure(`The output of job '${graph.jobName}' ended before the job did.`);
}
