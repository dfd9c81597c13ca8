import { WeirError } from '@weir/connector-sdk';
import { ByteWriter } from './byte-writer';
import type { KafkaSinkSettings } from './kafka-sink-settings';
import { keyPartition } from './murmur2';
import { RecordBatchBuilder, type RecordHeader } from './record-batch-builder';

/** A record a writer holds until its batch is sent, with the timestamp it came with. */
export interface StampedRecord<T> {
  readonly value: T;
  readonly timestamp: number | undefined;
}

/**
 * Turns a writer's records into one RecordBatch per partition, as the sink's options say: the
 * value in the sink's format, the key, the headers, the partition (the `partitioner`'s, else the
 * key's murmur2 hash as Kafka's producer computes it, else round robin) and the record's timestamp
 * (the time of sending when it has none). A string key, and a value the format writes as bytes,
 * are encoded into reused buffers.
 */
export class RecordBatchEncoder<T> {
  private readonly keyBytes = new ByteWriter(256);
  private readonly valueBytes = new ByteWriter(1024);
  private nextPartition = 0;
  /** Each partition's last batch size: its next batch starts that big, so it is not copied as it grows. */
  private readonly batchBytes: number[] = [];

  constructor(private readonly settings: KafkaSinkSettings<T>) {}

  encode(records: readonly StampedRecord<T>[], partitions: number): Map<number, RecordBatchBuilder> {
    const { format, key, headers, partitioner, topic } = this.settings;
    const batches = new Array<RecordBatchBuilder | undefined>(partitions);
    const now = Date.now();
    for (let i = 0; i < records.length; i++) {
      const { value, timestamp } = records[i];
      const payload = format.encode(value, this.valueBytes);
      const recordKey = key === undefined ? undefined : key(value);
      let keyBytes: Uint8Array | null = null;
      let keyLength = 0;
      if (typeof recordKey === 'string') {
        this.keyBytes.length = 0;
        this.keyBytes.text(recordKey);
        keyBytes = this.keyBytes.buffer;
        keyLength = this.keyBytes.length;
      } else if (recordKey !== undefined && recordKey !== null) {
        keyBytes = recordKey;
        keyLength = recordKey.length;
      }
      let partition: number;
      if (partitioner !== undefined) {
        partition = partitioner(value, recordKey ?? null, partitions);
        if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
          throw new WeirError(
            `kafkaSink: the partitioner returned ${partition} for topic '${topic}', which has partitions 0 to ${partitions - 1}.`,
          );
        }
      } else if (keyBytes !== null) partition = keyPartition(keyBytes, keyLength, partitions);
      else partition = this.nextPartition++ % partitions;
      const batch = (batches[partition] ??= new RecordBatchBuilder(this.batchBytes[partition]));
      const recordHeaders = headers === undefined ? undefined : headerBytes(headers(value));
      batch.append(timestamp ?? now, keyBytes, keyLength, payload, recordHeaders);
    }
    const byPartition = new Map<number, RecordBatchBuilder>();
    for (let partition = 0; partition < partitions; partition++) {
      const batch = batches[partition];
      if (batch === undefined) continue;
      byPartition.set(partition, batch);
      this.batchBytes[partition] = batch.size;
    }
    return byPartition;
  }
}

function headerBytes(headers: Record<string, string | Uint8Array> | undefined): RecordHeader[] | undefined {
  if (headers === undefined) return undefined;
  const result: RecordHeader[] = [];
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    result.push({ key: Buffer.from(name), value: typeof value === 'string' ? Buffer.from(value) : value });
  }
  return result;
}
