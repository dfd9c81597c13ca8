import { gunzipSync } from 'node:zlib';
import { WeirError } from '@weir/connector-sdk';
import { readInt64 } from './byte-writer';
import type { AbortedTransaction } from './fetch-request';

/** Offsets in a v2 RecordBatch header. */
const LENGTH_AT = 8;
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const BASE_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const COUNT_AT = 57;
const RECORDS_AT = 61;

const COMPRESSION = 0x07;
const GZIP = 1;
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

/**
 * A cursor over the record batches one Fetch returned for a partition, decoding a record only when
 * it is reached and making no object per record: `next()` moves to the next record at or after the
 * offset fetched from and sets `offset`, `timestamp` and where its value is in `data` (`valueStart`
 * -1 for a tombstone's null value). Control batches (transaction markers) are no records; with `abortedTransactions`
 * (read_committed) the batches of aborted transactions are skipped, as Kafka's consumer does.
 * Batches are uncompressed or gzip, the codecs Weir's sink and kafkajs write.
 */
export class FetchedRecords {
  offset = 0;
  timestamp = 0;
  /** The current batch's records: the fetched bytes, or a decompressed copy. */
  data: Buffer;
  valueStart = -1;
  valueEnd = -1;
  /** Where the next fetch starts: past the last complete batch (a fetch may end inside one). */
  readonly nextOffset: number | undefined;

  /** The bytes of the complete batches. */
  private readonly end: number;
  private batchAt = 0;
  private at = 0;
  private left = 0;
  private baseOffset = 0;
  private baseTimestamp = 0;
  /** The batch's timestamp for every record, when the broker sets it (LogAppendTime); else -1. */
  private appendTime = -1;
  /** Producers whose current transaction was aborted; aborted transactions not yet reached, by first offset. */
  private readonly abortedProducers = new Set<number>();
  private readonly aborted: readonly AbortedTransaction[] | undefined;
  private nextAborted = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly fromOffset: number,
    abortedTransactions: readonly AbortedTransaction[] | undefined,
    private readonly where: string,
  ) {
    this.data = bytes;
    this.aborted = abortedTransactions && [...abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
    let at = 0;
    let nextOffset: number | undefined;
    while (at + RECORDS_AT <= bytes.length) {
      const batchEnd = at + 12 + bytes.readInt32BE(at + LENGTH_AT);
      if (batchEnd > bytes.length) break;
      if (bytes[at + MAGIC_AT] !== 2) {
        throw new WeirError(
          `kafkaSource: ${where} holds a batch of message format v${bytes[at + MAGIC_AT]}; only v2 is read.`,
        );
      }
      nextOffset = readInt64(bytes, at) + bytes.readInt32BE(at + LAST_OFFSET_DELTA_AT) + 1;
      at = batchEnd;
    }
    this.end = at;
    this.nextOffset = nextOffset;
  }

  next(): boolean {
    for (;;) {
      while (this.left > 0) {
        this.left--;
        const length = this.varint();
        const recordEnd = this.at + length;
        this.at++; // attributes, unused
        const timestampDelta = this.varlong();
        const offset = this.baseOffset + this.varint();
        const keyLength = this.varint();
        if (keyLength > 0) this.at += keyLength;
        const valueLength = this.varint();
        const valueStart = valueLength < 0 ? -1 : this.at;
        this.at = recordEnd;
        if (offset < this.fromOffset) continue;
        this.offset = offset;
        this.timestamp = this.appendTime >= 0 ? this.appendTime : this.baseTimestamp + timestampDelta;
        this.valueStart = valueStart;
        this.valueEnd = valueStart + valueLength;
        return true;
      }
      if (!this.openBatch()) return false;
    }
  }

  /** Moves to the next batch that holds records to read; false at the end. */
  private openBatch(): boolean {
    const bytes = this.bytes;
    while (this.batchAt < this.end) {
      const at = this.batchAt;
      const batchEnd = at + 12 + bytes.readInt32BE(at + LENGTH_AT);
      this.batchAt = batchEnd;
      const attributes = bytes.readInt16BE(at + ATTRIBUTES_AT);
      const baseOffset = readInt64(bytes, at);
      const lastOffset = baseOffset + bytes.readInt32BE(at + LAST_OFFSET_DELTA_AT);
      if (this.aborted !== undefined && (attributes & TRANSACTIONAL) !== 0) {
        const producerId = readInt64(bytes, at + PRODUCER_ID_AT);
        while (this.nextAborted < this.aborted.length && this.aborted[this.nextAborted].firstOffset <= lastOffset) {
          this.abortedProducers.add(this.aborted[this.nextAborted++].producerId);
        }
        // A producer's transaction ends with its marker: the marker of an aborted one ends its skipping.
        if ((attributes & CONTROL) !== 0) this.abortedProducers.delete(producerId);
        if (this.abortedProducers.has(producerId)) continue;
      }
      if ((attributes & CONTROL) !== 0 || lastOffset < this.fromOffset) continue;
      this.baseOffset = baseOffset;
      this.baseTimestamp = readInt64(bytes, at + BASE_TIMESTAMP_AT);
      this.appendTime = (attributes & LOG_APPEND_TIME) !== 0 ? readInt64(bytes, at + MAX_TIMESTAMP_AT) : -1;
      this.left = bytes.readInt32BE(at + COUNT_AT);
      const codec = attributes & COMPRESSION;
      if (codec === 0) {
        this.data = bytes;
        this.at = at + RECORDS_AT;
      } else if (codec === GZIP) {
        this.data = gunzipSync(bytes.subarray(at + RECORDS_AT, batchEnd));
        this.at = 0;
      } else {
        throw new WeirError(
          `kafkaSource: ${this.where} holds ${CODECS[codec] ?? `codec ${codec}`}-compressed batches at offset ${baseOffset}; ` +
            'the connector reads uncompressed and gzip batches.',
        );
      }
      return true;
    }
    return false;
  }

  private varint(): number {
    const data = this.data;
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = data[this.at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return (value >>> 1) ^ -(value & 1);
  }

  /** A zig-zag varlong as a safe integer. */
  private varlong(): number {
    const data = this.data;
    let value = 0;
    let factor = 1;
    let byte: number;
    do {
      byte = data[this.at++];
      value += (byte & 0x7f) * factor;
      factor *= 0x80;
    } while (byte & 0x80);
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
}
