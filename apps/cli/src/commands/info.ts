/** `weir info <job>`: builds the job's plan, as `weir run` would run it, and prints it. */
import { JobGraph } from '@weir/runtime';
import type { CliIo } from '../cli-io';
import type { Invocation } from '../command-line';
import { EXIT_OK } from '../exit-codes';
import { loadJob } from '../load-job';
import { describePlan } from '../plan/job-plan';
import { renderPlanDot } from '../plan/plan-dot';
import { renderPlanText } from '../plan/plan-text';

export async function infoCommand(invocation: Extract<Invocation, { kind: 'info' }>, io: CliIo): Promise<number> {
  const { graph } = await loadJob(invocation.job, io.env);
  const jobGraph = JobGraph.fromStreamGraph(graph);
  switch (invocation.format) {
    case 'text':
      io.stdout.write(renderPlanText(describePlan(jobGraph)));
      break;
    case 'json':
      io.stdout.write(JSON.stringify(describePlan(jobGraph), null, 2) + '\n');
      break;
    case 'dot':
      io.stdout.write(renderPlanDot(jobGraph));
      break;
  }
  return EXIT_OK;
}
