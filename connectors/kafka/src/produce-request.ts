import type { EncodedBody, ProtocolRequest } from './kafkajs-internals';

/** Kafka's Produce API, version 3: the first with v2 RecordBatches and a transactional id (Kafka 4 still takes it). */
const PRODUCE = 0;
const VERSION = 3;

/** One partition's answer: 0, or the Kafka error code. */
export interface ProducedPartition {
  readonly partition: number;
  readonly errorCode: number;
}

export interface ProduceOptions {
  readonly transactionalId: string | undefined;
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topic: string;
  readonly batches: readonly { partition: number; batch: Buffer }[];
}

/**
 * A Produce request of already encoded RecordBatches, one per partition of one topic, sent over
 * kafkajs's connection to the partitions' leader.
 */
export function produceRequest(options: ProduceOptions): ProtocolRequest<ProducedPartition[]> {
  return {
    request: {
      apiKey: PRODUCE,
      apiVersion: VERSION,
      apiName: 'Produce',
      encode: () => Promise.resolve(encodeBody(options)),
    },
    response: {
      decode: (raw) => Promise.resolve(decodeProduceResponse(raw)),
      parse: (partitions) => Promise.resolve(partitions),
    },
  };
}

/**
 * transactional_id nullable string, acks int16, timeout int32, [topic string, [partition int32,
 * records bytes]]: one allocation of the exact size, each batch copied once.
 */
function encodeBody(options: ProduceOptions): EncodedBody {
  const transactionalId = options.transactionalId === undefined ? undefined : Buffer.from(options.transactionalId);
  const topic = Buffer.from(options.topic);
  let size = 2 + (transactionalId?.length ?? 0) + 2 + 4 + 4 + 2 + topic.length + 4;
  for (const { batch } of options.batches) size += 4 + 4 + batch.length;
  const body = Buffer.allocUnsafe(size);
  let at = body.writeInt16BE(transactionalId?.length ?? -1, 0);
  if (transactionalId !== undefined) at += transactionalId.copy(body, at);
  at = body.writeInt16BE(options.acks, at);
  at = body.writeInt32BE(options.timeoutMs, at);
  at = body.writeInt32BE(1, at);
  at = body.writeInt16BE(topic.length, at);
  at += topic.copy(body, at);
  at = body.writeInt32BE(options.batches.length, at);
  for (const { partition, batch } of options.batches) {
    at = body.writeInt32BE(partition, at);
    at = body.writeInt32BE(batch.length, at);
    body.set(batch, at);
    at += batch.length;
  }
  return { buf: body, buffer: body };
}

/** responses: [topic string, [partition int32, error_code int16, base_offset int64, log_append_time int64]], throttle int32 */
function decodeProduceResponse(raw: Buffer): ProducedPartition[] {
  const partitions: ProducedPartition[] = [];
  let at = 0;
  const topics = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    at += 2 + raw.readInt16BE(at);
    const count = raw.readInt32BE(at);
    at += 4;
    for (let p = 0; p < count; p++) {
      partitions.push({ partition: raw.readInt32BE(at), errorCode: raw.readInt16BE(at + 4) });
      at += 4 + 2 + 8 + 8;
    }
  }
  return partitions;
}
