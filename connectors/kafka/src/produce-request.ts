import { Encoder, type ProtocolRequest } from './kafkajs-internals';

/** Kafka's Produce API, version 3: the first with v2 RecordBatches and a transactional id (Kafka 4 still takes it). */
const PRODUCE = 0;
const VERSION = 3;

/** One partition's answer: 0, or the Kafka error code. */
export interface ProducedPartition {
  readonly partition: number;
  readonly errorCode: number;
}

/**
 * A Produce request of already encoded RecordBatches, one per partition of one topic, sent over
 * kafkajs's connection to the partitions' leader.
 */
export function produceRequest(options: {
  readonly transactionalId: string | undefined;
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topic: string;
  readonly batches: readonly { partition: number; batch: Buffer }[];
}): ProtocolRequest<ProducedPartition[]> {
  return {
    request: {
      apiKey: PRODUCE,
      apiVersion: VERSION,
      apiName: 'Produce',
      encode: () => {
        let size = 0;
        for (const { batch } of options.batches) size += batch.length + 8;
        const encoder = new Encoder(size + 64 + options.topic.length * 3)
          .writeString(options.transactionalId ?? null)
          .writeInt16(options.acks)
          .writeInt32(options.timeoutMs)
          .writeInt32(1)
          .writeString(options.topic)
          .writeInt32(options.batches.length);
        for (const { partition, batch } of options.batches) encoder.writeInt32(partition).writeBytes(batch);
        return Promise.resolve(encoder);
      },
    },
    response: {
      decode: (raw) => Promise.resolve(decodeProduceResponse(raw)),
      parse: (partitions) => Promise.resolve(partitions),
    },
  };
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
