#!/usr/bin/env node
// Real Kafka and Pulsar brokers for the integration tests and benchmarks, from Maven Central's jars
// (no Docker engine here, and Debian packages neither). One broker of each kind at a time, shared by
// every test file and process: it runs detached, its pid in .weir/brokers/<kind>/broker.pid, until
// `stop` (Jest's global teardown calls it for brokers it started).
//
//   node scripts/brokers/brokers.mjs start kafka|pulsar   fetch the jars if need be, start, wait until ready
//   node scripts/brokers/brokers.mjs stop kafka|pulsar    stop the broker this script started
//   node scripts/brokers/brokers.mjs status kafka|pulsar  print whether it is ready, and its addresses
//
// `start` prints the broker's addresses as JSON on its last line, and whether it started the broker
// (it does nothing when one is up already).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cacheRoot = join(here, '..', '..', '.weir', 'brokers');

const KAFKA_PORT = 9092;
const KAFKA_CONTROLLER_PORT = 9093;
const PULSAR_PORT = 6650;
// Not Pulsar's default 8080: that port is the first a developer's own web server takes.
const PULSAR_WEB_PORT = 8095;
const PULSAR_BOOKIE_PORT = 3181;

const brokers = {
  kafka: {
    startTimeoutMs: 60_000,
    addresses: { bootstrap: `127.0.0.1:${KAFKA_PORT}` },
    // A socket on the client port opens only once the broker has joined its controller quorum.
    isReady: () => isListening(KAFKA_PORT),
    prepare(dir, lib) {
      const config = join(dir, 'server.properties');
      writeFileSync(
        config,
        properties({
          'process.roles': 'broker,controller',
          'node.id': 1,
          'controller.quorum.voters': `1@127.0.0.1:${KAFKA_CONTROLLER_PORT}`,
          listeners: `PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}`,
          'advertised.listeners': `PLAINTEXT://127.0.0.1:${KAFKA_PORT}`,
          'controller.listener.names': 'CONTROLLER',
          'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          'inter.broker.listener.name': 'PLAINTEXT',
          'log.dirs': join(dir, 'data'),
          // Tests create their topics: a misspelt topic is an error, as on most production clusters.
          'auto.create.topics.enable': false,
          'num.partitions': 1,
          // One broker: internal topics with one replica, and few partitions, so they are created fast.
          'offsets.topic.replication.factor': 1,
          'offsets.topic.num.partitions': 4,
          'transaction.state.log.replication.factor': 1,
          'transaction.state.log.min.isr': 1,
          'transaction.state.log.num.partitions': 4,
          'group.initial.rebalance.delay.ms': 0,
          'num.network.threads': 2,
          'num.io.threads': 2,
        }),
      );
      const log4j = join(dir, 'log4j.properties');
      writeFileSync(
        log4j,
        properties({
          'log4j.rootLogger': 'WARN, file',
          'log4j.appender.file': 'org.apache.log4j.FileAppender',
          'log4j.appender.file.File': join(dir, 'broker.log'),
          'log4j.appender.file.layout': 'org.apache.log4j.PatternLayout',
          'log4j.appender.file.layout.ConversionPattern': '[%d] %p %m (%c)%n',
        }),
      );
      const jvm = ['-cp', `${lib}/*`, `-Dlog4j.configuration=file:${log4j}`];
      // KRaft storage is formatted once per start with a fresh cluster id: every run starts empty.
      // `--cluster-id=<id>` in one argument: an id may begin with '-', which the tool would take for a flag.
      const format = ['kafka.tools.StorageTool', 'format', `--cluster-id=${kafkaClusterId()}`, '-c', config];
      execFileSync('java', [...jvm, ...format], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      return ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', ...jvm, 'kafka.Kafka', config];
    },
  },
  pulsar: {
    startTimeoutMs: 120_000,
    addresses: {
      serviceUrl: `pulsar://127.0.0.1:${PULSAR_PORT}`,
      webServiceUrl: `http://127.0.0.1:${PULSAR_WEB_PORT}`,
      webSocketUrl: `ws://127.0.0.1:${PULSAR_WEB_PORT}/ws/v2`,
    },
    // The standalone creates the 'public/default' namespace last, once its broker serves requests.
    isReady: async () =>
      (await httpText(`http://127.0.0.1:${PULSAR_WEB_PORT}/admin/v2/namespaces/public`)).includes('public/default'),
    prepare(dir, lib) {
      const config = join(dir, 'standalone.conf');
      writeFileSync(
        config,
        properties({
          clusterName: 'standalone',
          bindAddress: '127.0.0.1',
          advertisedAddress: '127.0.0.1',
          brokerServicePort: PULSAR_PORT,
          webServicePort: PULSAR_WEB_PORT,
          webSocketServiceEnabled: true,
          managedLedgerDefaultEnsembleSize: 1,
          managedLedgerDefaultWriteQuorum: 1,
          managedLedgerDefaultAckQuorum: 1,
          allowAutoTopicCreation: true,
          allowAutoTopicCreationType: 'non-partitioned',
          brokerDeleteInactiveTopicsEnabled: false,
          // A shared two-core machine: few threads and small caches.
          numIOThreads: 2,
          numHttpServerThreads: 4,
          numExecutorThreadPoolSize: 2,
          numCacheExecutorThreadPoolSize: 1,
          bookkeeperNumberOfChannelsPerBookie: 4,
          managedLedgerCacheSizeMB: 64,
          dbStorage_writeCacheMaxSizeMb: 32,
          dbStorage_readAheadCacheMaxSizeMb: 32,
          dbStorage_rocksDB_blockCacheSize: 16 * 1024 * 1024,
          journalSyncData: false,
        }),
      );
      const log4j2 = join(dir, 'log4j2.xml');
      writeFileSync(
        log4j2,
        `<Configuration status="warn">
  <Appenders><File name="file" fileName="${join(dir, 'broker.log')}"><PatternLayout pattern="%d %p [%t] %c{1} %m%n"/></File></Appenders>
  <Loggers><Root level="warn"><AppenderRef ref="file"/></Root></Loggers>
</Configuration>
`,
      );
      const data = join(dir, 'data');
      return [
        '-Xms256m',
        '-Xmx512m',
        '-XX:MaxDirectMemorySize=256m',
        '-XX:+UseSerialGC',
        // Pulsar reads JVM internals for its load reports and GC metrics.
        '--add-opens=java.base/jdk.internal.platform=ALL-UNNAMED',
        '--add-opens=java.management/sun.management=ALL-UNNAMED',
        '--add-opens=java.base/java.lang=ALL-UNNAMED',
        `-Dlog4j.configurationFile=${log4j2}`,
        '-Dpulsar.allocator.exit_on_oom=true',
        '-cp',
        `${lib}/*`,
        'org.apache.pulsar.PulsarStandaloneStarter',
        '--config',
        config,
        '--no-functions-worker',
        '--no-stream-storage',
        '--metadata-dir',
        join(data, 'metadata'),
        '--bookkeeper-dir',
        join(data, 'bookie'),
        '--bookkeeper-port',
        String(PULSAR_BOOKIE_PORT),
      ];
    },
  },
};

async function start(kind) {
  const broker = brokers[kind];
  const dir = join(cacheRoot, kind);
  mkdirSync(dir, { recursive: true });
  // Several test processes may ask at once: one starts the broker, the others wait for it.
  const lock = join(dir, 'start.lock');
  let fd;
  for (;;) {
    if (await broker.isReady()) return { started: false, ...broker.addresses };
    try {
      fd = openSync(lock, 'wx');
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > broker.startTimeoutMs + 60_000) unlinkSync(lock);
      else await sleep(250);
    }
  }
  try {
    if (await broker.isReady()) return { started: false, ...broker.addresses };
    stopRecorded(dir);
    const lib = fetchJars(kind, dir);
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    rmSync(join(dir, 'broker.log'), { force: true });
    const args = broker.prepare(dir, lib);
    const out = openSync(join(dir, 'broker.out'), 'w');
    const child = spawn('java', args, { cwd: dir, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    writeFileSync(join(dir, 'broker.pid'), String(child.pid));
    let exited = false;
    child.once('exit', () => (exited = true));
    child.unref();
    const deadline = Date.now() + broker.startTimeoutMs;
    while (!(await broker.isReady())) {
      if (exited || Date.now() > deadline) {
        stopRecorded(dir);
        throw new Error(
          `The ${kind} broker did not become ready within ${broker.startTimeoutMs / 1000} s` +
            `${exited ? ' (its JVM exited)' : ''}. Its output:\n${tail(join(dir, 'broker.out'))}\n${tail(join(dir, 'broker.log'))}`,
        );
      }
      await sleep(200);
    }
    return { started: true, ...broker.addresses };
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}

/** Copies the broker's jars out of the local Maven repository (downloading them the first time). */
function fetchJars(kind, dir) {
  const pom = join(here, kind, 'pom.xml');
  const lib = join(dir, 'lib');
  const stamp = join(lib, '.fetched');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(pom).mtimeMs) return lib;
  rmSync(lib, { recursive: true, force: true });
  console.error(`brokers: fetching ${kind}'s jars with Maven…`);
  execFileSync(
    'mvn',
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${lib}`,
    ],
    // Maven's output to stderr: stdout carries only this script's JSON answer (Maven 3.8 prints colour
    // resets there even with -q -B, which broke the answer's last line on a fresh clone).
    { stdio: ['ignore', 2, 'inherit'] },
  );
  writeFileSync(stamp, '');
  return lib;
}

/** Stops the broker whose pid this script recorded, if it is still running. */
async function stop(kind) {
  const dir = join(cacheRoot, kind);
  const pid = recordedPid(dir);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    rmSync(join(dir, 'broker.pid'), { force: true });
    return false;
  }
  // A clean shutdown takes the JVM a few seconds; past 20 it is not coming.
  const deadline = Date.now() + 20_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(join(dir, 'broker.pid'), { force: true });
  return true;
}

function stopRecorded(dir) {
  const pid = recordedPid(dir);
  if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(join(dir, 'broker.pid'), { force: true });
}

function recordedPid(dir) {
  const file = join(dir, 'broker.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** KRaft wants a base64url-encoded 16-byte UUID. */
function kafkaClusterId() {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}

function properties(values) {
  return `${Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

function isListening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function httpText(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}

function tail(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-30).join('\n') : '';
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const [command, kind] = process.argv.slice(2);
if (!['start', 'stop', 'status'].includes(command) || !(kind in brokers)) {
  console.error('usage: node scripts/brokers/brokers.mjs start|stop|status kafka|pulsar');
  process.exit(2);
}
if (command === 'start') console.log(JSON.stringify(await start(kind)));
else if (command === 'stop') console.log(JSON.stringify({ stopped: await stop(kind) }));
else console.log(JSON.stringify({ ready: await brokers[kind].isReady(), ...brokers[kind].addresses }));
