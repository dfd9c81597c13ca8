/** `weir info`: the plan for a person to read, each vertex with its chained operators under it. */
import { entersTwoInputOperator, inputName, type JobPlan, type PlanEdge, type PlanOperator } from './job-plan';

export function renderPlanText(plan: JobPlan): string {
  const lines = [
    `Job '${plan.jobName}' (${plan.runtimeMode} mode, parallelism ${plan.parallelism}, max parallelism ${plan.maxParallelism})`,
    '',
  ];
  lines.push(`Vertices (${plan.vertices.length}):`);
  for (const vertex of plan.vertices) {
    const max = vertex.maxParallelism === plan.maxParallelism ? '' : `, max parallelism ${vertex.maxParallelism}`;
    lines.push(`  #${vertex.id} ${vertex.name}  (parallelism ${vertex.parallelism}${max})`);
    for (const operator of vertex.operators) lines.push(`       ${describeOperator(operator)}`);
  }
  lines.push('');
  if (plan.edges.length === 0) {
    lines.push('Network edges: none, the whole job runs as one chain.');
  } else {
    lines.push(`Network edges (${plan.edges.length}):`);
    for (const edge of plan.edges) lines.push(`  ${describeEdge(plan, edge)}`);
  }
  return lines.join('\n') + '\n';
}

function describeOperator(operator: PlanOperator): string {
  const at = operator.declaredAt === null ? '' : `, at ${operator.declaredAt}`;
  return `${operator.name}  [${operator.kind}, uid ${operator.uid}${at}]`;
}

function describeEdge(plan: JobPlan, edge: PlanEdge): string {
  const notes: string[] = [edge.partitioner];
  const source = plan.vertices.find((v) => v.id === edge.source)!;
  const from = source.operators.find((o) => o.id === edge.sourceOperator)!;
  if (edge.sideOutput !== null) notes.push(`side output '${edge.sideOutput}' of '${from.name}'`);
  else if (source.operators.length > 1) notes.push(`from '${from.name}'`);
  if (entersTwoInputOperator(plan, edge)) notes.push(inputName(edge));
  return `#${edge.source} -> #${edge.target}  ${notes.join(', ')}`;
}
