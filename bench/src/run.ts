/*
 * `npm run bench`: Weir's benchmarks — the Nexmark queries at parallelism 1 and 2, word count against
 * a hand-written loop, file source to file sink over 100 MB, keyed-state memory, the batch codec, the
 * cluster against embedded mode, the JDBC sink into PostgreSQL, Kafka to Kafka exactly once,
 * checkpoints of 1 GB of keyed state and recovery from them, and (with --soak) memory under
 * back-pressure. Prints a
 * table per benchmark and writes everything to bench/results/<timestamp>.json. Flags: see
 * runner/flags.ts. Every measured run is a fresh process; the machine should be otherwise idle.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import * as path from 'node:path';
import { runAlignmentBenchmark, type AlignmentRow } from './runner/checkpoint-alignment';
import { runCheckpointStateBenchmark, type CheckpointStateRow } from './runner/checkpoint-state-benchmark';
import { runClusterBenchmark, type ClusterCheckpointRow, type ClusterReport } from './runner/cluster-benchmark';
import { runCodecBenchmark, type CodecRow } from './runner/codec-benchmark';
import { runFileCopy, type FileCopyRow } from './runner/file-copy-benchmark';
import { BENCHMARKS, NEXMARK_QUERIES, parseFlags } from './runner/flags';
import { runJdbcAppend, type JdbcAppendRow } from './runner/jdbc-append-benchmark';
import { runKafkaCount, type KafkaCountRow } from './runner/kafka-benchmark';
import { measureGeneratorRate } from './runner/generator-rate';
import { runSoak, runStateFootprint, STATE_KEYS, type SoakResult } from './runner/memory-benchmark';
import { runNexmark, type NexmarkRow } from './runner/nexmark-benchmark';
import { count, fixed, formatTable } from './runner/table';
import { runWordCount, type WordCountRow } from './runner/word-count-benchmark';
import type { StateFootprint } from './runner/state-footprint';

const BENCH_DIR = path.join(__dirname, '..');
const MB = 2 ** 20;

interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string };
  flags: ReturnType<typeof parseFlags>;
  generatorEventsPerSecond: number;
  nexmark: NexmarkRow[];
  wordCount: WordCountRow[];
  fileCopy: FileCopyRow[];
  state?: StateFootprint;
  codec?: CodecRow[];
  cluster?: ClusterReport;
  jdbcAppend?: JdbcAppendRow[];
  kafkaCount?: KafkaCountRow[];
  checkpointState?: CheckpointStateRow[];
  checkpointAlignment?: AlignmentRow[];
  soak?: SoakResult;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`  ${line}\n`);
  const runs = (name: (typeof BENCHMARKS)[number]): boolean => flags.only.includes(name);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    flags,
    generatorEventsPerSecond: measureGeneratorRate(),
    nexmark: [],
    wordCount: [],
    fileCopy: [],
  };
  console.log(`Nexmark generator: ${count(report.generatorEventsPerSecond)} events/s on one core\n`);

  const queries = NEXMARK_QUERIES.filter(runs);
  if (queries.length > 0) {
    report.nexmark = await runNexmark(queries, {
      events: flags.events,
      warmupEvents: flags.warmupEvents,
      runs: flags.runs,
      seed: 0,
      eventsPerSecond: flags.eventRate,
      checkpointIntervalMs: flags.checkpointIntervalMs,
      log,
    });
    const checkpoints =
      flags.checkpointIntervalMs > 0
        ? `, a checkpoint every ${count(flags.checkpointIntervalMs)} ms`
        : ', no checkpoints';
    console.log(
      `\nNexmark, ${count(flags.events)} events after a warm-up of ${count(flags.warmupEvents)}, ` +
        `at ${count(flags.eventRate)} per second of event time, ` +
        `median of ${flags.runs} runs${checkpoints}`,
    );
    console.log(
      formatTable(
        [
          'query',
          'p',
          'events/s',
          'events/s/core',
          'p50 ms',
          'p99 ms',
          'peak RSS MB',
          'sink heap MB',
          'results',
          'active s',
          'wall s',
        ],
        report.nexmark.map((r) => [
          r.query,
          String(r.parallelism),
          count(r.eventsPerSecond),
          count(r.eventsPerSecondPerCore),
          fixed(r.latencyP50Ms, 1),
          fixed(r.latencyP99Ms, 1),
          count(r.peakRssMb),
          count(r.peakSinkHeapMb),
          count(r.results),
          fixed(r.activeMs / 1000, 2),
          fixed(r.wallMs / 1000, 2),
        ]),
      ),
    );
    console.log(
      'events/s and per core count from the first source record after the warm-up to the last result ' +
        '(active s, not start-up); per core = events per CPU-second of all threads; latency = sink time - source ' +
        'stamp of the newest event a result depends on.',
    );
  }

  if (runs('wordcount')) {
    report.wordCount = await runWordCount({ runs: flags.runs, dataDirectory: path.join(BENCH_DIR, 'data'), log });
    console.log(`\nWord count, 100 MB of text, median of ${flags.runs} runs`);
    console.log(
      formatTable(
        ['', 'mode', 'p', 'seconds', 'counts out', 'x plain loop'],
        report.wordCount.map((r) => [
          r.name,
          r.mode ?? '-',
          String(r.parallelism),
          fixed(r.wallMs / 1000, 2),
          count(r.counts),
          fixed(r.ratio, 2),
        ]),
      ),
    );
    console.log('counts out: word counts the sink got (batch mode and the plain loop: one final count per word).');
  }

  if (runs('files')) {
    report.fileCopy = await runFileCopy({
      runs: flags.runs,
      dataDirectory: path.join(BENCH_DIR, 'data'),
      checkpointIntervalMs: flags.checkpointIntervalMs,
      log,
    });
    const checkpoints =
      flags.checkpointIntervalMs > 0 ? `a checkpoint every ${count(flags.checkpointIntervalMs)} ms` : 'no checkpoints';
    console.log(`\nFile source -> file sink, 100 MB of text, median of ${flags.runs} runs, ${checkpoints}`);
    console.log(
      formatTable(
        ['p', 'active s', 'lines/s', 'MB/s', 'part files', 'wall s'],
        report.fileCopy.map((r) => [
          String(r.parallelism),
          fixed(r.activeMs / 1000, 2),
          count(r.linesPerSecond),
          fixed(r.megabytesPerSecond, 1),
          count(r.partFiles),
          fixed(r.wallMs / 1000, 2),
        ]),
      ),
    );
    console.log(
      'active s: from the first line read to the last part committed (synced to disk first); wall s adds start-up.',
    );
  }

  if (runs('state')) {
    log(`state: ${count(STATE_KEYS)} keys of ValueState<number>`);
    const state = (report.state = await runStateFootprint());
    console.log(
      `\nKeyed state: ${count(state.keys)} keys of ValueState<number> take ${count(state.heapBytes / MB)} MB of heap ` +
        `(${fixed(state.bytesPerKey, 1)} bytes per key; filled in ${fixed(state.fillMs / 1000, 2)} s)`,
    );
  }

  if (runs('codec')) {
    const codec = (report.codec = runCodecBenchmark(log));
    console.log('\nBatch codec, batches of 2048 records, one thread, median over batches');
    console.log(
      formatTable(
        ['records', 'codec', 'encoded/s', 'decoded/s', 'bytes/record', 'x msgpackr'],
        codec.map((r) => [
          r.records,
          r.codec,
          count(r.encodedPerSecond),
          count(r.decodedPerSecond),
          fixed(r.bytesPerRecord, 1),
          fixed(r.speedup, 2),
        ]),
      ),
    );
    console.log('x msgpackr: how many times cheaper encoding and decoding a record together is than with msgpackr.');
  }

  if (runs('cluster')) {
    const cluster = (report.cluster = await runClusterBenchmark({
      events: flags.events,
      runs: flags.runs,
      checkpointIntervalMs: flags.checkpointIntervalMs,
      log,
    }));
    console.log(
      `\nCluster: a JobManager and two TaskManagers of one slot each, parallelism 2, ${count(flags.events)} events, ` +
        `median of ${flags.runs} runs`,
    );
    console.log(
      formatTable(
        ['query', 'embedded p=2 events/s', 'cluster events/s', 'x embedded'],
        cluster.rows.map((r) => [
          r.query,
          count(r.embeddedEventsPerSecond),
          count(r.clusterEventsPerSecond),
          fixed(r.ratio, 2),
        ]),
      ),
    );
    console.log(
      `q0-shuffle rebalances every event, so half of them cross between the TaskManagers over NATS. ` +
        `Submission to first record out on the warm cluster: ${fixed(cluster.firstRecordMs, 0)} ms (median).`,
    );
    if (cluster.checkpointCost !== undefined) printClusterCheckpointCost(cluster.checkpointCost, flags.runs);
  }

  if (runs('jdbc')) {
    const jdbc = (report.jdbcAppend = await runJdbcAppend({ rows: flags.events, runs: flags.runs, log }));
    printThroughput(
      `JDBC sink, append into PostgreSQL, batches of 1000, ${count(flags.events)} rows, median of ${flags.runs} runs`,
      'rows/s',
      jdbc,
      'active s: from the first row generated to the job’s end, every row inserted; rows are 4 columns.',
    );
  }

  if (runs('kafka')) {
    const kafka = (report.kafkaCount = await runKafkaCount({ records: flags.events, runs: flags.runs, log }));
    console.log(
      `\nKafka source → keyed count → Kafka sink, ${count(flags.events)} records, median of ${flags.runs} runs`,
    );
    console.log(
      formatTable(
        ['guarantee', 'p', 'records/s', 'records/CPU-s', 'active s', 'CPU s', 'wall s'],
        kafka.map((r) => [
          r.guarantee,
          String(r.parallelism),
          count(r.perSecond),
          count(r.perCpuSecond),
          fixed(r.activeMs / 1000, 2),
          fixed(r.activeCpuMs / 1000, 2),
          fixed(r.wallMs / 1000, 2),
        ]),
      ),
    );
    console.log(
      'active s: from the first record read to the job’s end, every count written (exactly once: committed, one ' +
        'transaction per sink subtask, no checkpoints); CPU s: the job process’s threads in that time (not the ' +
        'broker’s); topics of 4 partitions on the single-node broker of scripts/brokers.',
    );
  }

  if (runs('checkpoint-state')) {
    const rows: CheckpointStateRow[] = [];
    for (const parallelism of flags.stateParallelisms) {
      rows.push(...(await runCheckpointStateBenchmark({ keys: flags.stateKeys, parallelism, log })));
    }
    report.checkpointState = rows;
    printCheckpointState(rows);
  }

  if (runs('checkpoint-alignment')) {
    const rows = (report.checkpointAlignment = await runAlignmentBenchmark(log));
    console.log('\nCheckpoints under back-pressure (a slow operator), p=2, one a second for 20 s');
    console.log(
      formatTable(
        ['mode', 'completed', 'failed', 'duration p50 ms', 'max ms', 'alignment p50 ms', 'max ms', 'size p50 KB'],
        rows.map((r) => [
          r.mode,
          count(r.completed),
          count(r.failed),
          count(r.durationP50Ms),
          count(r.durationMaxMs),
          fixed(r.alignmentP50Ms, 1),
          fixed(r.alignmentMaxMs, 1),
          count(r.sizeP50Bytes / 1024),
        ]),
      ),
    );
    console.log(
      'alignment: per checkpoint, the longest any subtask took from its first barrier to its last (aligned: input ' +
        'blocked meanwhile; unaligned: processing goes on, and what came before the barriers is stored).',
    );
  }

  if (flags.soak) {
    log('soak: 60 s under back-pressure');
    const soak = (report.soak = await runSoak(2));
    console.log('\nMemory soak: slow sink, 60 s, parallelism 2');
    console.log(
      formatTable(
        ['s', 'RSS MB', 'main heap MB', 'records'],
        soak.samples.map((s) => [
          String(Math.round(s.atMs / 1000)),
          count(s.rssBytes / MB),
          count(s.heapUsedBytes / MB),
          count(s.recordsToSinks),
        ]),
      ),
    );
    console.log(`RSS growth from 10 s to the end: ${fixed(soak.rssGrowthMb, 1)} MB`);
  }

  const resultsDir = path.join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
}

/** A throughput table: per parallelism, the rate and the active and wall-clock seconds. */
function printThroughput(
  title: string,
  unit: string,
  rows: readonly { parallelism: number; perSecond: number; activeMs: number; wallMs: number }[],
  note: string,
): void {
  console.log(`\n${title}`);
  console.log(
    formatTable(
      ['p', unit, 'active s', 'wall s'],
      rows.map((r) => [
        String(r.parallelism),
        count(r.perSecond),
        fixed(r.activeMs / 1000, 2),
        fixed(r.wallMs / 1000, 2),
      ]),
    ),
  );
  console.log(note);
}

function printCheckpointState(rows: readonly CheckpointStateRow[]): void {
  console.log(
    `\nCheckpoints of a job holding ${count(rows[0].keys)} keyed profiles (about 1 GB), a checkpoint every 10 s`,
  );
  console.log(
    formatTable(
      [
        'store',
        'p',
        'state heap MB',
        'checkpoint s',
        'CPU s',
        'cores',
        'size MB',
        'blocked ms',
        'rec/s during',
        'rec/s before',
        'failover s',
        'kill→records s',
        'CPU s',
      ],
      rows.flatMap((r) =>
        r.checkpoints.map((c, i) => [
          i === 0 ? r.store : '',
          i === 0 ? String(r.parallelism) : '',
          i === 0 ? count(r.stateHeapBytes / MB) : '',
          fixed(c.durationMs / 1000, 2),
          fixed(c.cpuMsDuring / 1000, 1),
          fixed(c.coresDuring, 2),
          count(c.sizeBytes / MB),
          fixed(c.syncMs, 1),
          count(c.recordsPerSecondDuring),
          count(c.recordsPerSecondBefore),
          i === 0 ? fixed(r.failoverMs / 1000, 2) : '',
          i === 0 ? fixed(r.killRecoveryMs / 1000, 2) : '',
          i === 0 ? fixed(r.killRecoveryCpuMs / 1000, 1) : '',
        ]),
      ),
    ),
  );
  console.log(
    'state heap: what the keyed subtasks’ threads hold after a full GC, less what they held at start. blocked: the ' +
      'longest any subtask stopped processing for a checkpoint (its copy-on-write view); the state is encoded and ' +
      'stored while records flow (rec/s). CPU s, cores: CPU time of the whole process (all threads, processing ' +
      'included) while the checkpoint was taken, and the cores that makes on average: the job never idles, so ' +
      'fewer cores than the machine has means other work took them. failover: a subtask fails, the job restores its latest checkpoint, to ' +
      'records flowing again. kill→records: SIGKILL of the process, then the job run again from its latest ' +
      `checkpoint directory, and the CPU time the new process used to get there (profiles re-created after the restore: ${rows.map((r) => count(r.keysCreatedAfterRestore)).join(', ')}).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});

function printClusterCheckpointCost(rows: readonly ClusterCheckpointRow[], runs: number): void {
  console.log(
    `\nCheckpoints on the cluster: a checkpoint every ${rows[0].intervalMs} ms against none, p=2, median of ${runs} alternating runs`,
  );
  console.log(
    formatTable(
      ['query', 'events/s none', 'events/s chk', 'events/CPU-s none', 'events/CPU-s chk', 'cost'],
      rows.map((r) => [
        r.query,
        count(r.eventsPerSecond.without),
        count(r.eventsPerSecond.with),
        count(r.eventsPerCpuSecond.without),
        count(r.eventsPerCpuSecond.with),
        `${fixed(r.cost * 100, 1)}%`,
      ]),
    ),
  );
  console.log('Cost: the share of events per CPU-second (JobManager and TaskManagers) that checkpointing takes.');
}
