import { CollectionSource, PrintSink, StreamGraph, WatermarkStrategy, defaultExecutionConfig } from '@weir/core';
import { JobGraph } from '../graph/job-graph';
import { connectNodes } from '../testing/graph-shape';
import { WatermarkAlignmentCoordinator } from './watermark-alignment-coordinator';

const aligned = (group: string, drift: number) =>
  WatermarkStrategy.forMonotonousTimestamps<unknown>().withWatermarkAlignment(group, drift);

/** Sources 'fast' and 'slow' (p2, group g, drifts 100 and 50) and 'other' (p1, group h), each into a sink. */
function threeSources(): JobGraph {
  const graph = new StreamGraph('aligned', defaultExecutionConfig(2), {});
  const add = (name: string, strategy: WatermarkStrategy<unknown>, parallelism: number) => {
    const source = graph.addNode(
      { kind: 'source', source: new CollectionSource([1]), watermarkStrategy: strategy },
      name,
      undefined,
    );
    source.parallelism = parallelism;
    const sink = graph.addNode({ kind: 'sink', sink: new PrintSink() }, `sink ${name}`, undefined);
    sink.parallelism = parallelism;
    connectNodes(graph, source, sink);
  };
  add('fast', aligned('g', 100), 2);
  add('slow', aligned('g', 50), 2);
  add('other', aligned('h', 0), 1);
  return JobGraph.fromStreamGraph(graph);
}

describe('WatermarkAlignmentCoordinator', () => {
  it('tells every source of a group its allowance, the group’s lowest watermark plus its own drift, when it changes', () => {
    const graph = threeSources();
    const [fast, slow] = graph.vertices.map((v) => v.id);
    const sent: string[] = [];
    const coordinator = new WatermarkAlignmentCoordinator(graph, (task, event) => {
      if (event.kind === 'max-watermark') sent.push(`${task.vertex}.${task.subtask}<=${event.watermark}`);
    });

    coordinator.report({ vertex: fast, subtask: 0 }, 1_000);
    expect(sent).toEqual([`${fast}.0<=1100`, `${fast}.1<=1100`, `${slow}.0<=1050`, `${slow}.1<=1050`]);

    // A higher watermark does not move the group's lowest: nothing to say.
    sent.length = 0;
    coordinator.report({ vertex: fast, subtask: 1 }, 5_000);
    expect(sent).toEqual([]);

    // A lower one does, for both sources of the group and no other.
    coordinator.report({ vertex: slow, subtask: 0 }, 400);
    expect(sent).toEqual([`${fast}.0<=500`, `${fast}.1<=500`, `${slow}.0<=450`, `${slow}.1<=450`]);

    // An ended or idle subtask reports the maximum and holds no one back.
    sent.length = 0;
    coordinator.report({ vertex: slow, subtask: 0 }, Number.MAX_SAFE_INTEGER);
    expect(sent).toEqual([`${fast}.0<=1100`, `${fast}.1<=1100`, `${slow}.0<=1050`, `${slow}.1<=1050`]);

    // A new attempt starts over: the same allowance is sent again.
    sent.length = 0;
    coordinator.reset();
    coordinator.report({ vertex: fast, subtask: 0 }, 1_000);
    expect(sent).toHaveLength(4);
  });

  it('ignores reports of sources without alignment', () => {
    const graph = threeSources();
    const sent: unknown[] = [];
    const coordinator = new WatermarkAlignmentCoordinator(graph, (_task, event) => sent.push(event));
    coordinator.report({ vertex: 999, subtask: 0 }, 1);
    expect(sent).toEqual([]);
  });
});
