/** `weir list`: the cluster's jobs, newest first, one line each; `--checkpoints <jobId>`: a job's checkpoint history. */
import { JobManagerClient } from '@weir/cluster';
import type { CheckpointHistory } from '@weir/runtime';
import type { CliIo } from '../cli-io';
import { EXIT_OK } from '../exit-codes';
import { formatBytes, formatDuration } from '../human-format';
import { jobManagerUrl } from '../job-manager-url';
import { formatTable } from '../text-table';
import { NO_ARGUMENTS, parseCommandArgs } from './cluster-command-args';

export async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('list', args, { ...NO_ARGUMENTS, flags: { checkpoints: 'string' } });
  const client = new JobManagerClient(jobManagerUrl(values.jobmanager, io.env));
  if (typeof values.checkpoints === 'string') {
    io.stdout.write(checkpointTable(await client.checkpointHistory(values.checkpoints)));
    return EXIT_OK;
  }
  const jobs = await client.list();
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
  io.stdout.write(formatTable(['JOB ID', 'NAME', 'STATUS', 'DURATION', 'INFO'], rows));
  return EXIT_OK;
}

/**
 * Newest first: id, status, trigger time, duration, size, alignment per subtask (`vertex.subtask`),
 * where or why; then the counts over the job's life (the table holds only the last entries).
 */
function checkpointTable({ checkpoints, counts }: CheckpointHistory): string {
  if (checkpoints.length === 0) return 'No checkpoints.\n';
  const rows = [...checkpoints].reverse().map((c) => [
    c.savepoint ? `${c.id} (savepoint)` : String(c.id),
    c.status,
    new Date(c.triggeredAt).toISOString(),
    c.durationMs === undefined ? '' : `${c.durationMs} ms`,
    formatBytes(c.sizeBytes),
    Object.entries(c.alignmentMs)
      .map(([subtask, ms]) => `${subtask} ${Math.round(ms)} ms`)
      .join(', ') || '-',
    c.failure ?? c.location ?? '',
  ]);
  const latest = counts.latestCompleted === undefined ? '' : `; latest completed: ${counts.latestCompleted.id}`;
  return (
    formatTable(['ID', 'STATUS', 'TRIGGERED', 'DURATION', 'SIZE', 'ALIGNMENT', 'INFO'], rows) +
    `\n${counts.completed} completed, ${counts.failed} failed, ${counts.inProgress} in progress${latest}.\n`
  );
}
