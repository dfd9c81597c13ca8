/**
 * A Pulsar copy job's process killed with SIGKILL mid-way, then run again from its latest checkpoint:
 * the readers resume after the checkpointed message ids, the restored sink sends what the checkpoint
 * held again under the same producer names and sequence ids, and the broker's deduplication drops
 * what the killed run had already stored, so a reader of the output sees every message exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_START_TIMEOUT_MS, type PulsarBroker } from '../../support/brokers';
import { completeCheckpoints, runJob, until } from '../../support/weir-run';
import { startPulsarTopics, type PulsarTestTopics } from './pulsar-test-topics';

const JOB = join(__dirname, 'fixtures', 'slow-pulsar-copy-job.ts');
const MESSAGES = 8_000;

let pulsar: PulsarBroker;
let topics: PulsarTestTopics;

beforeAll(async () => ({ pulsar, topics } = await startPulsarTopics()), BROKER_START_TIMEOUT_MS);

it('a killed exactly-once Pulsar job restored from its checkpoint writes every message exactly once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'weir-pulsar-kill-'));
  try {
    const input = await topics.create('kill-in', 2);
    const output = await topics.create('kill-out', 2);
    await topics.enableDeduplication(output, 2);
    await topics.produce(
      input,
      Array.from({ length: MESSAGES }, (_, n) => ({
        key: `u${n % 5}`,
        value: JSON.stringify({ user: `u${n % 5}`, n }),
      })),
    );
    const storage = join(root, 'checkpoints');
    const args = ['--pulsar', pulsar.webServiceUrl, '--input', input, '--output', output, '--checkpoints', storage];

    const first = runJob(JOB, 2, [...args, '--spin-micros', '400']);
    await until(
      async () => (completeCheckpoints(storage).length > 0 && (await topics.count(output, 2)) > 0 ? true : undefined),
      'a complete checkpoint and committed messages',
      first,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const storedAtKill = await topics.count(output, 2);
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(MESSAGES);

    const checkpoint = completeCheckpoints(storage).at(-1)!;
    const second = runJob(JOB, 2, [...args, '--spin-micros', '0', '--from-savepoint', checkpoint]);
    const { code } = await second.exited;
    expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });

    const values = (await topics.readAll(output, 2, MESSAGES)).map(
      (m) => JSON.parse(m.value) as { n: number; copied: boolean },
    );
    expect(values.every((v) => v.copied)).toBe(true);
    expect(values.map((v) => v.n).sort((a, b) => a - b)).toEqual(Array.from({ length: MESSAGES }, (_, n) => n));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 180_000);
