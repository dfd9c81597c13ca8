/**
 * A Kafka value its format cannot read, against a real broker: by default the job fails with an
 * error naming the topic, partition and offset; with a dead-letter output the value goes there, with
 * where it was and why, and every other record is read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { ConfigError, jsonFormat } from '@weir/connector-sdk';
import { kafkaSource } from '@weir/connector-kafka';
import { BROKER_START_TIMEOUT_MS } from '../../support/brokers';
import { KafkaTestCluster } from './kafka-test-cluster';

interface Click {
  user: string;
  n: number;
}

let kafka: KafkaTestCluster;
let deadLetters: string;

beforeAll(async () => {
  kafka = await KafkaTestCluster.start();
  deadLetters = mkdtempSync(join(tmpdir(), 'weir-kafka-dead-letters-'));
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  rmSync(deadLetters, { recursive: true, force: true });
  await kafka?.close();
});

/** Offsets 0 to 3 of partition 0: JSON, not JSON, JSON, truncated JSON. */
async function topicWithMalformedValues(): Promise<string> {
  const topic = await kafka.createTopic('malformed', 1);
  await kafka.produce(topic, [
    { value: JSON.stringify({ user: 'a', n: 1 }), partition: 0 },
    { value: 'not json at all', partition: 0 },
    { value: JSON.stringify({ user: 'b', n: 2 }), partition: 0 },
    { value: '{"user": "c", "n":', partition: 0 },
  ]);
  return topic;
}

function readAll(topic: string, onMalformed?: 'fail' | { deadLetterPath: string }): Promise<Click[]> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
  return env
    .fromSource(
      kafkaSource({ brokers: kafka.bootstrap, topics: topic, bounded: true, format: jsonFormat<Click>(), onMalformed }),
      WatermarkStrategy.noWatermarks<Click>(),
      'clicks',
    )
    .executeAndCollect();
}

describe('malformed Kafka values', () => {
  it('fail the job by default, naming the topic, partition and offset', async () => {
    const topic = await topicWithMalformedValues();
    await expect(readAll(topic)).rejects.toThrow(
      new RegExp(`kafkaSource: malformed JSON record in topic '${topic}' partition 0 at offset 1: `),
    );
  });

  it('go to the dead-letter output with where they were and why, and the rest is read', async () => {
    const topic = await topicWithMalformedValues();
    const path = join(deadLetters, topic);
    const clicks = await readAll(topic, { deadLetterPath: path });
    expect(clicks).toEqual([
      { user: 'a', n: 1 },
      { user: 'b', n: 2 },
    ]);
    const letters = readFileSync(join(path, 'dead-letter-0.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(letters).toEqual([
      expect.objectContaining({ topic, partition: 0, offset: 1, text: 'not json at all' }),
      expect.objectContaining({ topic, partition: 0, offset: 3, text: '{"user": "c", "n":' }),
    ]);
    for (const letter of letters) expect(letter.reason).toEqual(expect.any(String));
  });

  it('refuses a policy that is neither, naming the option', () => {
    const withPolicy = () =>
      kafkaSource({ brokers: kafka.bootstrap, topics: 't', format: jsonFormat(), onMalformed: 'skip' as never });
    expect(withPolicy).toThrow(ConfigError);
    expect(withPolicy).toThrow("'onMalformed' must be 'fail' or { deadLetterPath: '<directory>' } (got 'skip')");
  });
});
