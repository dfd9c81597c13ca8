import { readInt64 } from './byte-writer';
import { Encoder, type ProtocolRequest } from './kafkajs-internals';

/** Kafka's Fetch API, version 4: the first with isolation levels and aborted transactions (Kafka 4 still takes it). */
const FETCH = 1;
const VERSION = 4;
/** A consumer, not a follower replica. */
const CONSUMER_REPLICA_ID = -1;

export interface AbortedTransaction {
  readonly producerId: number;
  readonly firstOffset: number;
}

/** What a Fetch returned for one partition: its record batches as the broker stores them, undecoded. */
export interface FetchedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly abortedTransactions: readonly AbortedTransaction[];
  readonly records: Buffer;
}

export interface FetchOptions {
  readonly isolationLevel: number;
  readonly maxWaitMs: number;
  readonly maxBytes: number;
  readonly partitionMaxBytes: number;
  readonly topics: ReadonlyMap<string, readonly { partition: number; offset: number }[]>;
}

/**
 * A Fetch request whose answer is left as raw record batches (see fetched-records.ts), so a record
 * is decoded only when it is emitted, and with no object per record.
 */
export function fetchRequest(options: FetchOptions): ProtocolRequest<FetchedPartition[]> {
  return {
    request: {
      apiKey: FETCH,
      apiVersion: VERSION,
      apiName: 'Fetch',
      encode: () => {
        const encoder = new Encoder()
          .writeInt32(CONSUMER_REPLICA_ID)
          .writeInt32(options.maxWaitMs)
          .writeInt32(1)
          .writeInt32(options.maxBytes)
          .writeInt8(options.isolationLevel)
          .writeInt32(options.topics.size);
        for (const [topic, partitions] of options.topics) {
          encoder.writeString(topic).writeInt32(partitions.length);
          for (const { partition, offset } of partitions) {
            encoder.writeInt32(partition).writeInt64(offset).writeInt32(options.partitionMaxBytes);
          }
        }
        return Promise.resolve(encoder);
      },
    },
    response: {
      decode: (raw) => Promise.resolve(decodeFetchResponse(raw)),
      parse: (partitions) => Promise.resolve(partitions),
    },
  };
}

/**
 * throttle int32, [topic string, [partition int32, error_code int16, high_watermark int64,
 * last_stable_offset int64, aborted_transactions nullable [producer_id int64, first_offset int64],
 * records nullable bytes]]
 */
function decodeFetchResponse(raw: Buffer): FetchedPartition[] {
  const partitions: FetchedPartition[] = [];
  let at = 4;
  const topics = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    const nameLength = raw.readInt16BE(at);
    const topic = raw.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const count = raw.readInt32BE(at);
    at += 4;
    for (let p = 0; p < count; p++) {
      const partition = raw.readInt32BE(at);
      const errorCode = raw.readInt16BE(at + 4);
      at += 4 + 2 + 8 + 8;
      const aborted = raw.readInt32BE(at);
      at += 4;
      const abortedTransactions: AbortedTransaction[] = [];
      for (let a = 0; a < aborted; a++) {
        abortedTransactions.push({ producerId: readInt64(raw, at), firstOffset: readInt64(raw, at + 8) });
        at += 16;
      }
      const size = raw.readInt32BE(at);
      at += 4;
      const records = size <= 0 ? EMPTY : raw.subarray(at, at + size);
      at += Math.max(size, 0);
      partitions.push({ topic, partition, errorCode, abortedTransactions, records });
    }
  }
  return partitions;
}

const EMPTY = Buffer.alloc(0);
