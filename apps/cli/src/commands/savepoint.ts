/**
 * `weir savepoint <jobId> [name]`: takes a savepoint of a running job on the cluster and prints its
 * name (what `weir run --from-savepoint` takes); `weir stop <jobId> --savepoint [name]` takes one,
 * then cancels the job.
 */
import { JobManagerClient } from '@weir/cluster';
import type { CliIo } from '../cli-io';
import { CommandLineError } from '../command-line-error';
import { EXIT_OK } from '../exit-codes';
import { jobManagerUrl } from '../job-manager-url';
import { parseCommandArgs } from './cluster-command-args';

const JOB_ID_AND_NAME = { positionals: { min: 1, max: 2, what: 'a job id' } };

export async function savepointCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('savepoint', args, JOB_ID_AND_NAME);
  const [jobId, name] = positionals;
  const taken = await new JobManagerClient(jobManagerUrl(values.jobmanager, io.env)).savepoint(jobId, name);
  io.stderr.write(`Savepoint '${taken.name}' of job ${jobId} taken: ${taken.location}.\n`);
  io.stdout.write(`${taken.name}\n`);
  return EXIT_OK;
}

export async function stopCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('stop', args, {
    ...JOB_ID_AND_NAME,
    flags: { savepoint: 'boolean' },
  });
  if (values.savepoint !== true) {
    throw new CommandLineError(
      "weir stop: --savepoint is required (stop takes a final savepoint; 'weir cancel <jobId>' stops without one).",
    );
  }
  const [jobId, name] = positionals;
  const stopped = await new JobManagerClient(jobManagerUrl(values.jobmanager, io.env)).stop(jobId, name);
  io.stderr.write(
    `Savepoint '${stopped.name}' taken (${stopped.location}); job '${stopped.job.jobName}' (${jobId}) is ${stopped.job.status}.\n`,
  );
  io.stdout.write(`${stopped.name}\n`);
  return EXIT_OK;
}
