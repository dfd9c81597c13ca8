/** `weir cancel <jobId>`: cancels a job on the cluster and says how it ended. */
import { JobManagerClient } from '@weir/cluster';
import type { CliIo } from '../cli-io';
import { EXIT_OK } from '../exit-codes';
import { jobManagerUrl } from '../job-manager-url';
import { JOB_ID, parseCommandArgs } from './cluster-command-args';

export async function cancelCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('cancel', args, JOB_ID);
  const job = await new JobManagerClient(jobManagerUrl(values.jobmanager, io.env)).cancel(positionals[0]);
  io.stderr.write(`Job '${job.jobName}' (${job.jobId}) is ${job.status}.\n`);
  return EXIT_OK;
}
