/**
 * Real Kafka and Pulsar brokers for the integration tests, started by scripts/brokers/brokers.mjs
 * from Maven Central's jars when none is running. The broker is one detached JVM that every test
 * file, Jest worker and concurrent Jest run shares. Each run that uses it holds a lease (a file
 * named after the run's pid); the global teardown drops the run's lease and stops a broker the
 * tests started once no live run holds one. A broker that was running before is left alone.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'brokers', 'brokers.mjs');
const KINDS = ['kafka', 'pulsar'] as const;
type BrokerKind = (typeof KINDS)[number];

/** Set by the global setup in Jest's main process, and so inherited by its workers. */
export const TEST_RUN_ENV = 'WEIR_TEST_RUN_PID';

export interface KafkaBroker {
  /** `127.0.0.1:9092` */
  readonly bootstrap: string;
}

export interface PulsarBroker {
  readonly serviceUrl: string;
  readonly webServiceUrl: string;
  /** The WebSocket API's base, `ws://127.0.0.1:8095/ws/v2`. */
  readonly webSocketUrl: string;
}

/**
 * How long starting a broker may take: a first start initialises its data directory, which took
 * Pulsar over two minutes on this shared machine in a slow hour. A test hook that starts one waits
 * this long, not Jest's default.
 */
export const BROKER_START_TIMEOUT_MS = 300_000;

export function ensureKafka(): Promise<KafkaBroker> {
  return ensureBroker<KafkaBroker>('kafka');
}

export function ensurePulsar(): Promise<PulsarBroker> {
  return ensureBroker<PulsarBroker>('pulsar');
}

/** Drops this run's leases; stops a broker the tests started when no other live run holds one. */
export async function releaseBrokers(): Promise<void> {
  for (const kind of KINDS) {
    rmSync(join(leases(kind), runId()), { force: true });
    if (!existsSync(startedMarker(kind))) continue;
    const live = existsSync(leases(kind)) ? readdirSync(leases(kind)).filter((pid) => isAlive(Number(pid))) : [];
    if (live.length > 0) continue;
    await run('stop', kind);
    rmSync(startedMarker(kind), { force: true });
  }
}

async function ensureBroker<B>(kind: BrokerKind): Promise<B> {
  mkdirSync(leases(kind), { recursive: true });
  writeFileSync(join(leases(kind), runId()), '');
  const { started, ...addresses } = await run('start', kind);
  if (started === true) writeFileSync(startedMarker(kind), '');
  return addresses as B;
}

async function run(command: 'start' | 'stop', kind: BrokerKind): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)('node', [script, command, kind], {
    cwd: root,
    timeout: BROKER_START_TIMEOUT_MS,
    maxBuffer: 16 << 20,
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function runId(): string {
  return process.env[TEST_RUN_ENV] ?? String(process.pid);
}

function leases(kind: BrokerKind): string {
  return join(root, '.weir', 'brokers', kind, 'leases');
}

function startedMarker(kind: BrokerKind): string {
  return join(root, '.weir', 'brokers', kind, 'started-by-tests');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
