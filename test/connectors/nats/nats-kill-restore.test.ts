/**
 * A JetStream copy job's process killed with SIGKILL mid-way, then run again from its latest
 * checkpoint: the reader resumes after the checkpointed sequence, the restored sink publishes what
 * the checkpoint held again, and JetStream drops what the killed run had already stored (same
 * message ids), so the output stream holds every message exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeCheckpoints, runJob, until } from '../../support/weir-run';
import { testStreams } from './jetstream';

const JOB = join(__dirname, 'fixtures', 'slow-nats-copy-job.ts');
const MESSAGES = 20_000;
const streams = testStreams();

it('a killed exactly-once JetStream job restored from its checkpoint stores every message exactly once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'weir-nats-kill-'));
  try {
    const input = await streams.create();
    const output = await streams.create();
    await input.publish(
      `${input.prefix}.in`,
      Array.from({ length: MESSAGES }, (_, n) => ({ n })),
    );
    const storage = join(root, 'checkpoints');
    const args = ['--servers', input.servers, '--stream', input.name, '--subject', `${output.prefix}.out`];
    args.push('--checkpoints', storage);

    const first = runJob(JOB, 1, [...args, '--spin-micros', '150']);
    await until(
      async () => (completeCheckpoints(storage).length > 0 && (await output.count()) > 0 ? true : undefined),
      'a complete checkpoint and committed messages',
      first,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const storedAtKill = await output.count();
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(MESSAGES);

    const checkpoint = completeCheckpoints(storage).at(-1)!;
    const second = runJob(JOB, 1, [...args, '--spin-micros', '0', '--from-savepoint', checkpoint]);
    const { code } = await second.exited;
    expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });

    const values = (await output.messages()).map((m) => m.value as { n: number; copied: boolean });
    expect(values.every((v) => v.copied)).toBe(true);
    expect(values.map((v) => v.n).sort((a, b) => a - b)).toEqual(Array.from({ length: MESSAGES }, (_, n) => n));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
