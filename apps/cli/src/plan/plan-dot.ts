/**
 * `weir info --dot`: the plan as a Graphviz digraph (`| dot -Tsvg > plan.svg`). Each vertex is a
 * cluster holding its operators; chained calls are plain arrows inside a cluster, network edges are
 * bold arrows between clusters, labelled with their partitioner.
 */
import type { JobGraph } from '@weir/runtime';
import { describePlan, entersTwoInputOperator, inputName } from './job-plan';

export function renderPlanDot(jobGraph: JobGraph): string {
  const plan = describePlan(jobGraph);
  const lines = [
    `digraph ${quote(plan.jobName)} {`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const vertex of plan.vertices) {
    lines.push(`  subgraph cluster_${vertex.id} {`);
    lines.push(`    label=${quote(`#${vertex.id} ${vertex.name}\nparallelism ${vertex.parallelism}`)};`);
    for (const operator of vertex.operators) {
      lines.push(`    op${operator.id} [label=${quote(`${operator.name}\n${operator.kind} · ${operator.uid}`)}];`);
    }
    lines.push('  }');
  }
  for (const vertex of jobGraph.vertices) {
    for (const edge of vertex.chainedEdges) {
      const label = edge.sideOutputTag === undefined ? '' : ` [label=${quote(`side output '${edge.sideOutputTag}'`)}]`;
      lines.push(`  op${edge.sourceId} -> op${edge.targetId}${label};`);
    }
  }
  for (const edge of plan.edges) {
    const label: string[] = [edge.partitioner];
    if (edge.sideOutput !== null) label.push(`side output '${edge.sideOutput}'`);
    if (entersTwoInputOperator(plan, edge)) label.push(inputName(edge));
    lines.push(`  op${edge.sourceOperator} -> op${edge.target} [label=${quote(label.join('\n'))}, style=bold];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A DOT string literal: quotes and backslashes escaped, line breaks as DOT's centred `\n`. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
