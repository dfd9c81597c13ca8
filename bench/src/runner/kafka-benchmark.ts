/*
 * Kafka source → keyed count → Kafka sink, at least once and exactly once, at parallelism 1 and 2,
 * against the project's single-node broker (scripts/brokers, started if none runs): records per
 * second from the first record read to the job's end (every count committed), and per second of
 * the job process's CPU time, each a median of `runs` fresh-process runs after a warm-up, over
 * input and output topics of 4 partitions made afresh. A run counts only if a read_committed
 * consumer then finds exactly one output per input record.
 */
import { RuntimeFailure } from '@weir/common';
import { bundleJobFile } from '@weir/runtime';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { DeliveryGuarantee } from '@weir/connector-kafka';
import { runInChild } from './child-process';
import { PARALLELISMS } from './nexmark-benchmark';
import { measureThroughput, type ThroughputRow } from './throughput-runs';

const PARTITIONS = 4;
const USERS = 10_000;

const GUARANTEES: readonly DeliveryGuarantee[] = ['at-least-once', 'exactly-once'];

export interface KafkaCountRow extends ThroughputRow {
  readonly guarantee: DeliveryGuarantee;
}

export async function runKafkaCount(options: {
  readonly records: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<KafkaCountRow[]> {
  const bootstrap = startBroker();
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'weir-bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const bundle = await bundleJobFile(path.join(__dirname, '..', 'jobs', 'kafka-count.js'));
  const rows: KafkaCountRow[] = [];
  try {
    options.log(`kafka: writing ${options.records} input records`);
    const input = await createTopic(admin, 'bench-users');
    await produceUsers(kafka, input, options.records);
    for (const guarantee of GUARANTEES) {
      for (const parallelism of PARALLELISMS) {
        const run = async () => {
          const output = await createTopic(admin, 'bench-counts');
          const args = { brokers: bootstrap, input, output, prefix: output, guarantee };
          const measured = await runInChild({ kind: 'job', bundle, parallelism, args });
          const counted = await countCommitted(kafka, output, options.records);
          await admin.deleteTopics({ topics: [output] });
          if (counted !== options.records) {
            throw new RuntimeFailure(`kafka count ${guarantee}: ${counted} committed outputs, not ${options.records}`);
          }
          return measured;
        };
        const row = await measureThroughput({
          label: `kafka count ${guarantee}`,
          parallelism,
          records: options.records,
          runs: options.runs,
          run,
          log: options.log,
        });
        rows.push({ ...row, guarantee });
      }
    }
    await admin.deleteTopics({ topics: [input] });
  } finally {
    await admin.disconnect();
  }
  return rows;
}

function startBroker(): string {
  const script = path.join(__dirname, '..', '..', '..', 'scripts', 'brokers', 'brokers.mjs');
  const out = execFileSync('node', [script, 'start', 'kafka'], { encoding: 'utf8' }).trim().split('\n');
  return (JSON.parse(out[out.length - 1]) as { bootstrap: string }).bootstrap;
}

async function createTopic(admin: Admin, prefix: string): Promise<string> {
  const topic = `${prefix}-${Date.now().toString(36)}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  return topic;
}

async function produceUsers(kafka: Kafka, topic: string, records: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const chunk = 10_000;
  for (let from = 0; from < records; from += chunk) {
    const messages = [];
    for (let i = from; i < Math.min(records, from + chunk); i++) messages.push({ value: `user-${i % USERS}` });
    await producer.send({ topic, messages, acks: 1 });
  }
  await producer.disconnect();
}

/**
 * How many records a read_committed consumer finds in the topic: reads until it has `expected`,
 * then a little longer, so that a duplicate would be counted too.
 */
async function countCommitted(kafka: Kafka, topic: string, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `weir-bench-${topic}`, maxBytes: 64 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let counted = 0;
  const deadline = Date.now() + 120_000;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      counted += batch.messages.length;
    },
  });
  while (counted < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await consumer.disconnect();
  return counted;
}
