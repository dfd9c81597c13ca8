/**
 * The file source and sink under checkpoints and failures: readers resume mid-file from their
 * checkpointed positions, and the sink's parts become visible only when their checkpoint completes,
 * so the committed output equals the input exactly, however often the job fails and restarts.
 */
import { RestartStrategies, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { fileSink, fileSource } from '@weir/connector-files';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Chaos } from '../../checkpoint/chaos';
import { spin } from '../../support/spin';

let root: string;
let input: string;
let output: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'weir-files-eo-'));
  input = join(root, 'in');
  output = join(root, 'out');
  mkdirSync(input);
  mkdirSync(output);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const record = (i: number) => `record-${i}`;

function lines(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => record(from + i));
}

function committedLines(): string[] {
  return readdirSync(output)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(output, name), 'utf8').split('\n').slice(0, -1));
}

describe('files exactly once (embedded, p=2, checkpoints every 150 ms)', () => {
  it('commits every line of plain and gzip files exactly once although the job fails twice', async () => {
    const count = 36_000;
    writeFileSync(join(input, 'a.txt'), lines(0, 12_000).join('\n') + '\n');
    writeFileSync(join(input, 'b.txt.gz'), gzipSync(lines(12_000, 12_000).join('\n') + '\n'));
    writeFileSync(join(input, 'c.txt'), lines(24_000, 12_000).join('\n'));

    const chaos = new Chaos(2);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(150);
    env.setRestartStrategy(RestartStrategies.fixedDelay(10, 50));
    env
      .fromSource(fileSource({ path: input, splitSizeBytes: 32 * 1024 }), WatermarkStrategy.noWatermarks(), 'lines')
      .map((line) => {
        spin(60);
        chaos.maybeFail('map');
        return line;
      })
      .sinkTo(fileSink({ path: output, rollingPolicy: { maxPartSizeBytes: 64 * 1024 } }));
    const client = await env.execute('files exactly once');
    const result = await client.result();

    expect(chaos.failures).toBe(2);
    expect(result.restarts).toBeGreaterThanOrEqual(1);
    expect(client.checkpoints().filter((c) => c.status === 'completed').length).toBeGreaterThanOrEqual(2);
    expect(committedLines().sort()).toEqual(lines(0, count).sort());
    expect(readdirSync(output).filter((name) => name.endsWith('.inprogress'))).toEqual([]);
  }, 60_000);

  it('monitors a directory and commits the records of new files at checkpoints, once each', async () => {
    const staging = join(root, 'staging');
    mkdirSync(staging);
    const moveIn = (name: string, content: string | Buffer) => {
      writeFileSync(join(staging, name), content);
      renameSync(join(staging, name), join(input, name));
    };
    moveIn('1.txt', lines(0, 3000).join('\n') + '\n');

    const chaos = new Chaos(1);
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.enableCheckpointing(100);
    env.setRestartStrategy(RestartStrategies.fixedDelay(10, 50));
    env
      .fromSource(fileSource({ path: input, monitorIntervalMs: 50 }), WatermarkStrategy.noWatermarks(), 'lines')
      .map((line) => {
        spin(100);
        chaos.maybeFail('map');
        return line;
      })
      .sinkTo(fileSink({ path: output }));
    const client = await env.execute('monitored files');
    const until = async (expected: number) => {
      const deadline = Date.now() + 30_000;
      while (committedLines().length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    try {
      await until(3000);
      expect(committedLines().sort()).toEqual(lines(0, 3000).sort());
      moveIn('2.txt.gz', gzipSync(lines(3000, 4000).join('\n')));
      moveIn('3.txt', lines(7000, 3000).join('\n'));
      await until(10_000);
      // A checkpoint or two later nothing more shows up: no duplicate.
      await new Promise((r) => setTimeout(r, 400));
      expect(client.status()).toBe('running');
      expect(chaos.failures).toBe(1);
      expect(committedLines().sort()).toEqual(lines(0, 10_000).sort());
    } finally {
      await client.cancel();
    }
  }, 60_000);
});
