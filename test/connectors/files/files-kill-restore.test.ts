/**
 * A file job's process killed with SIGKILL mid-way, then run again from its latest checkpoint
 * (`weir run --from-savepoint <checkpoint directory>`): the restored sinks commit what the
 * checkpoint held (again, if it was committed already) and delete the killed run's in-progress
 * parts, the readers resume mid-file, and the committed output is the input, every line once.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { completeCheckpoints, runJob, until } from '../../support/weir-run';

const JOB = join(__dirname, 'fixtures', 'slow-file-copy-job.ts');

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'weir-files-kill-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function committedLines(output: string): string[] {
  if (!existsSync(output)) return [];
  return readdirSync(output)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(output, name), 'utf8').split('\n').slice(0, -1));
}

it('a killed file job restored from its checkpoint commits every line exactly once', async () => {
  const input = join(root, 'in');
  const output = join(root, 'out');
  const storage = join(root, 'checkpoints');
  mkdirSync(input);
  const lines = Array.from({ length: 40_000 }, (_, i) => `line-${i}`);
  writeFileSync(join(input, 'a.txt'), lines.slice(0, 20_000).join('\n') + '\n');
  writeFileSync(join(input, 'b.txt.gz'), gzipSync(lines.slice(20_000).join('\n') + '\n'));
  const args = ['--input', input, '--output', output, '--checkpoints', storage];

  const first = runJob(JOB, 2, [...args, '--spin-micros', '100']);
  await until(
    () => (completeCheckpoints(storage).length > 0 && committedLines(output).length > 0 ? true : undefined),
    'a complete checkpoint and a committed part',
    first,
  );
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const committedAtKill = committedLines(output).length;
  expect(committedAtKill).toBeGreaterThan(0);
  expect(committedAtKill).toBeLessThan(lines.length);
  expect(readdirSync(output).some((name) => name.endsWith('.inprogress'))).toBe(true);

  const checkpoint = completeCheckpoints(storage).at(-1)!;
  const second = runJob(JOB, 2, [...args, '--spin-micros', '0', '--from-savepoint', checkpoint]);
  const { code } = await second.exited;
  expect({ code, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, output: '' });

  expect(committedLines(output).sort()).toEqual([...lines].sort());
  expect(readdirSync(output).filter((name) => name.endsWith('.inprogress'))).toEqual([]);
}, 120_000);
