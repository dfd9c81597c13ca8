/**
 * Kafka brokers that are not there (issue 5, "Proof", bad input): the source's job and the sink
 * retry with back-off (kafkajs's: 300 ms, doubling, ±20%) and fail after `connectionRetries`
 * retries, not before, naming the brokers and the field.
 */
import { JobExecutionError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { kafkaSink, kafkaSource } from '@weir/connector-kafka';
import { linesFormat, type SinkWriterContext } from '@weir/connector-sdk';
import { causeChain, timedFailure } from '../../support/failures';

const UNREACHABLE = '127.0.0.1:1';
/**
 * The least three retries wait: the first 300 ms less at most 20%, each next one at least 0.8 times
 * twice the one before.
 */
const THREE_RETRIES_MS = 240 + 240 * 1.6 + 240 * 1.6 * 1.6;
const writerContext: SinkWriterContext = { subtaskIndex: 0, parallelism: 1, taskName: 'test sink', sendToClient() {} };

/** How long a bounded job reading from the unreachable brokers takes to fail, and its error. */
async function sourceFailure(connectionRetries: number): Promise<{ ms: number; error: unknown }> {
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
  env
    .fromSource(
      kafkaSource({ brokers: UNREACHABLE, topics: 'clicks', bounded: true, format: linesFormat(), connectionRetries }),
      WatermarkStrategy.noWatermarks(),
      'clicks',
    )
    .print();
  return timedFailure(async () => (await env.execute('unreachable')).result());
}

async function sinkFailure(connectionRetries: number): Promise<{ ms: number; error: unknown }> {
  const writer = kafkaSink({
    brokers: UNREACHABLE,
    topic: 'averages',
    format: linesFormat(),
    connectionRetries,
  }).createWriter(writerContext);
  writer.write('x', undefined);
  const failure = await timedFailure(() => writer.flush(true));
  await writer.close();
  return failure;
}

describe('Kafka brokers that cannot be reached', () => {
  it('fail a source’s job after its connectionRetries, with back-off, naming the brokers', async () => {
    const once = await sourceFailure(0);
    expect(once.error).toBeInstanceOf(JobExecutionError);
    expect(causeChain(once.error)).toMatch(/kafkaSource: reading from 127\.0\.0\.1:1 \(field 'brokers'\) failed/);
    expect(once.ms).toBeLessThan(THREE_RETRIES_MS);

    const thrice = await sourceFailure(3);
    expect(causeChain(thrice.error)).toMatch(/kafkaSource: reading from 127\.0\.0\.1:1 \(field 'brokers'\) failed/);
    expect(thrice.ms).toBeGreaterThanOrEqual(THREE_RETRIES_MS);
  }, 60_000);

  it('fail a sink’s flush after its connectionRetries, with back-off, naming the brokers', async () => {
    const once = await sinkFailure(0);
    expect(causeChain(once.error)).toMatch(
      /kafkaSink: writing to topic 'averages' on 127\.0\.0\.1:1 failed: .*ECONNREFUSED/,
    );
    expect(once.ms).toBeLessThan(THREE_RETRIES_MS);

    const thrice = await sinkFailure(3);
    expect(causeChain(thrice.error)).toMatch(/kafkaSink: writing to topic 'averages' on 127\.0\.0\.1:1 failed/);
    expect(thrice.ms).toBeGreaterThanOrEqual(THREE_RETRIES_MS);
  }, 60_000);
});
