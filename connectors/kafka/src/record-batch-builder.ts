import { ByteWriter, utf8Length, varintSize, varlongSize, writeInt64 } from './byte-writer';
import { crc32c } from './crc32c';

/** A header of a record, as bytes. */
export interface RecordHeader {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Who writes a batch: a producer id and epoch, and its sequence number, for idempotence and transactions. */
export interface BatchProducerState {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly transactional: boolean;
}

/** The fixed part of a v2 RecordBatch before its records. */
const HEADER_SIZE = 61;
/** Where the checksummed part begins (the attributes) and where the checksum goes. */
const ATTRIBUTES_AT = 21;
const CRC_AT = 17;
const TRANSACTIONAL = 0x10;

/**
 * One partition's records of a send, encoded as they come into a Kafka v2 RecordBatch
 * (uncompressed): `finish` writes the batch header, with the producer's id, epoch and sequence
 * known only when it is sent, and its CRC-32C.
 */
export class RecordBatchBuilder {
  private readonly out: ByteWriter;
  private count = 0;
  private firstTimestamp = 0;
  private maxTimestamp = 0;

  constructor(initialSize = 64 * 1024) {
    this.out = new ByteWriter(initialSize);
    this.out.length = HEADER_SIZE;
  }

  get recordCount(): number {
    return this.count;
  }

  /** Bytes written so far, header included. */
  get size(): number {
    return this.out.length;
  }

  /**
   * A record; `key` is its first `keyLength` bytes, null for none; a string value is written as
   * UTF-8, a writer's value as the bytes it holds.
   */
  append(
    timestamp: number,
    key: Uint8Array | null,
    keyLength: number,
    value: string | Uint8Array | ByteWriter,
    headers: readonly RecordHeader[] | undefined,
  ): void {
    if (this.count === 0) this.firstTimestamp = this.maxTimestamp = timestamp;
    else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    const timestampDelta = timestamp - this.firstTimestamp;
    const offsetDelta = this.count++;
    let headersSize = varintSize(headers?.length ?? 0);
    if (headers !== undefined) {
      for (const { key: k, value: v } of headers) {
        headersSize += varintSize(k.length) + k.length + varintSize(v.length) + v.length;
      }
    }
    const valueLength = typeof value === 'string' ? utf8Length(value) : value.length;
    const size =
      1 +
      varlongSize(timestampDelta) +
      varintSize(offsetDelta) +
      (key === null ? 1 : varintSize(keyLength) + keyLength) +
      varintSize(valueLength) +
      valueLength +
      headersSize;
    const out = this.out;
    out.reserve(5 + size);
    out.varint(size);
    out.int8(0);
    out.varlong(timestampDelta);
    out.varint(offsetDelta);
    if (key === null) out.varint(-1);
    else {
      out.varint(keyLength);
      out.bytes(key, keyLength);
    }
    out.varint(valueLength);
    if (typeof value === 'string') out.utf8(value, valueLength);
    else if (value instanceof ByteWriter) out.bytes(value.buffer, valueLength);
    else out.bytes(value);
    out.varint(headers?.length ?? 0);
    if (headers !== undefined) {
      for (const { key: k, value: v } of headers) {
        out.varint(k.length);
        out.bytes(k);
        out.varint(v.length);
        out.bytes(v);
      }
    }
  }

  /** The batch, ready to send: its header written and checksummed. */
  finish(producer: BatchProducerState): Buffer {
    const batch = this.out.written();
    writeInt64(batch, 0, 0);
    batch.writeInt32BE(batch.length - 12, 8);
    batch.writeInt32BE(-1, 12);
    batch.writeInt8(2, 16);
    batch.writeInt16BE(producer.transactional ? TRANSACTIONAL : 0, ATTRIBUTES_AT);
    batch.writeInt32BE(this.count - 1, 23);
    writeInt64(batch, this.firstTimestamp, 27);
    writeInt64(batch, this.maxTimestamp, 35);
    writeInt64(batch, producer.producerId, 43);
    batch.writeInt16BE(producer.producerEpoch, 51);
    batch.writeInt32BE(producer.baseSequence, 53);
    batch.writeInt32BE(this.count, 57);
    batch.writeInt32BE(crc32c(batch, ATTRIBUTES_AT), CRC_AT);
    return batch;
  }
}
