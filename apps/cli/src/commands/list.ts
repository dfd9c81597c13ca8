/** `weir list`: the cluster's jobs, newest first, one line each. */
import { JobManagerClient } from '@weir/cluster';
import type { CliIo } from '../cli-io';
import { EXIT_OK } from '../exit-codes';
import { formatDuration } from '../human-format';
import { jobManagerUrl } from '../job-manager-url';
import { parseCommandArgs } from './cluster-command-args';

export async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('list', args, 0);
  const jobs = await new JobManagerClient(jobManagerUrl(values.jobmanager, io.env)).list();
  if (jobs.length === 0) {
    io.stdout.write('No jobs.\n');
    return EXIT_OK;
  }
  const rows = jobs.map((job) => [
    job.jobId,
    job.jobName,
    job.status,
    formatDuration((job.endedAt ?? Date.now()) - job.submittedAt),
    job.error ?? '',
  ]);
  const header = ['JOB ID', 'NAME', 'STATUS', 'DURATION', 'INFO'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    io.stdout.write(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd() + '\n',
    );
  }
  return EXIT_OK;
}
