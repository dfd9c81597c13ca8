/*
 * `npm run bench -- --only codec`: the cost of the batch codec that carries records between threads
 * and processes (encodeBatch/decodeBatch of @weir/runtime), against msgpack with record structures
 * as Weir used before, on Nexmark bids and on small {k, v} records.
 *
 * Each round makes a fresh batch the size a remote channel sends, as a job would (bids stamped with
 * their ingestion time by the source), and has every codec encode and decode it, in turns, so that
 * whatever else the machine does slows them alike. Rates are medians over rounds, of one thread.
 */
import { decodeBatch, encodeBatch } from '@weir/runtime';
import { NO_TIMESTAMP } from '@weir/common';
import { Packr } from 'msgpackr';
import { nexmarkEvent } from '../nexmark/generator';
import { generatorConfig } from '../nexmark/generator-config';
import { median } from './median';

export interface CodecRow {
  records: string;
  codec: string;
  encodedPerSecond: number;
  decodedPerSecond: number;
  bytesPerRecord: number;
  /** Encode and decode time per record, relative to msgpack's. */
  speedup: number;
}

interface BatchCodec {
  encode(values: unknown[], timestamps: number[]): Uint8Array;
  decode(bytes: Uint8Array): { values: unknown[]; timestamps: ArrayLike<number> };
}

const BATCH = 2048;
const WARM_UP_ROUNDS = 100;
const ROUNDS = 400;

/** Weir's batch codec until the record format replaced it: msgpack with record structures. */
function msgpackCodec(): BatchCodec {
  const packr = new Packr({ useRecords: true, moreTypes: true, variableMapSize: true });
  return {
    encode(values, timestamps) {
      const stamped = timestamps.some((t) => t !== NO_TIMESTAMP);
      return new Uint8Array(
        packr.pack([values, stamped ? new Uint8Array(Float64Array.from(timestamps).buffer) : null]),
      );
    },
    decode(bytes) {
      const [values, raw] = packr.unpack(bytes) as [unknown[], Uint8Array | null];
      if (raw === null) return { values, timestamps: new Float64Array(values.length).fill(NO_TIMESTAMP) };
      return { values, timestamps: new Float64Array(Uint8Array.from(raw).buffer) };
    },
  };
}

const CODECS: Record<string, BatchCodec> = {
  msgpackr: msgpackCodec(),
  weir: { encode: encodeBatch, decode: decodeBatch },
};

/** Bids as the benchmark's source emits them: generated, then stamped with the wall clock. */
function bidBatches(): () => [unknown[], number[]] {
  const config = generatorConfig();
  let index = 0;
  return () => {
    const values: unknown[] = [];
    const timestamps: number[] = [];
    while (values.length < BATCH) {
      const event = nexmarkEvent(index++, config);
      if (event.kind !== 'bid') continue;
      event.ingestionTime = performance.timeOrigin + performance.now();
      values.push(event);
      timestamps.push(event.dateTime);
    }
    return [values, timestamps];
  };
}

function keyValueBatches(): () => [unknown[], number[]] {
  let index = 0;
  return () => {
    const values: unknown[] = [];
    const timestamps: number[] = [];
    for (let i = 0; i < BATCH; i++, index++) {
      values.push({ k: index % 1000, v: index * 31 });
      timestamps.push(1_700_000_000_000 + index);
    }
    return [values, timestamps];
  };
}

export function runCodecBenchmark(log: (line: string) => void): CodecRow[] {
  const rows: CodecRow[] = [];
  for (const [records, nextBatch] of [
    ['Nexmark bids', bidBatches()],
    ['{k, v}', keyValueBatches()],
  ] as const) {
    log(`codec: ${records}, ${ROUNDS} batches of ${BATCH}`);
    const names = Object.keys(CODECS);
    const encodeNs = names.map((): number[] => []);
    const decodeNs = names.map((): number[] => []);
    const bytes = names.map(() => 0);
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      const [values, timestamps] = nextBatch();
      for (let turn = 0; turn < names.length; turn++) {
        const c = (round + turn) % names.length;
        const codec = CODECS[names[c]];
        const start = performance.now();
        const encoded = codec.encode(values, timestamps);
        const encodedAt = performance.now();
        const decoded = codec.decode(encoded);
        const decodedAt = performance.now();
        if (decoded.values.length !== values.length) throw new Error(`${names[c]} lost records`);
        if (round < WARM_UP_ROUNDS) continue;
        encodeNs[c].push(((encodedAt - start) * 1e6) / BATCH);
        decodeNs[c].push(((decodedAt - encodedAt) * 1e6) / BATCH);
        bytes[c] += encoded.length;
      }
    }
    const baseline = median(encodeNs[0]) + median(decodeNs[0]);
    names.forEach((codec, c) => {
      rows.push({
        records,
        codec,
        encodedPerSecond: 1e9 / median(encodeNs[c]),
        decodedPerSecond: 1e9 / median(decodeNs[c]),
        bytesPerRecord: bytes[c] / (ROUNDS * BATCH),
        speedup: baseline / (median(encodeNs[c]) + median(decodeNs[c])),
      });
    });
  }
  return rows;
}
