import { RecordError } from '@weir/common';
import { NO_TIMESTAMP } from '../time-constants';
import { decodeBatch, encodeBatch } from './batch-codec';

function roundTrip(values: unknown[], timestamps: number[] = values.map(() => NO_TIMESTAMP)) {
  const decoded = decodeBatch(encodeBatch(values, timestamps));
  return { values: decoded.values, timestamps: Array.from(decoded.timestamps) };
}

function same(values: unknown[]): void {
  expect(roundTrip(values).values).toEqual(values);
}

describe('encodeBatch and decodeBatch', () => {
  it('keep numbers exactly: small, int32, 48-bit and larger integers, -0, NaN, infinities, doubles', () => {
    const numbers = [
      0,
      -0,
      1,
      127,
      128,
      255,
      256,
      -1,
      -128,
      -129,
      32767,
      32768,
      -32768,
      -32769,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      2 ** 32,
      -(2 ** 32) - 1,
      2 ** 47 - 1,
      -(2 ** 47),
      2 ** 47,
      -(2 ** 47) - 1,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      2 ** 60,
      1704067200000,
      1704067200000.25,
      0.1,
      -2.5,
      Math.PI,
      NaN,
      Infinity,
      -Infinity,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      Number.EPSILON,
    ];
    const { values } = roundTrip(numbers);
    expect(values).toEqual(numbers);
    expect(Object.is(values[1], -0)).toBe(true);
    expect(Object.is(values[0], 0)).toBe(true);
  });

  it('keep strings exactly: empty, ASCII, Latin-1, CJK, astral-plane, lone surrogates, long, control chars', () => {
    same([
      '',
      'bid',
      'a'.repeat(12),
      'b'.repeat(13),
      'x'.repeat(100_000),
      'héllo wörld',
      'ÿ',
      '中文字符串',
      '😀 grinning, 𝄞 clef',
      'lone \ud800 high and \udc00 low',
      '\u0000\u0001\n\t\u007f',
      'https://www.nexmark.com/jcxnu/tgrrs/vzewt/item.htm?query=1&channel_id=1995964416',
    ]);
  });

  it('keep strings too long to copy char by char that are not all ASCII, wherever that char is', () => {
    const ascii = 'https://www.nexmark.com/jcxnu/tgrrs/vzewt/item.htm?query=1';
    same([
      `é${ascii}`,
      `${ascii}ÿ`,
      `${ascii}中文字符串`,
      `${ascii}😀`,
      `${ascii}\ud800`,
      `\udc00${ascii}`,
      `${ascii}\u007f\u0080`,
    ]);
  });

  it('keep booleans, null, undefined, bigints and Dates', () => {
    const values = [
      true,
      false,
      null,
      undefined,
      0n,
      -1n,
      2n ** 64n,
      -(2n ** 100n) + 1n,
      new Date(0),
      new Date(1704067200123),
      new Date(-1),
    ];
    expect(roundTrip(values).values).toEqual(values);
    const invalid = roundTrip([new Date(NaN)]).values[0] as Date;
    expect(invalid).toBeInstanceOf(Date);
    expect(invalid.getTime()).toBeNaN();
  });

  it('keep nested objects, arrays, Maps and Sets', () => {
    same([
      {},
      [],
      { a: { b: { c: [1, 'two', { d: null }] } }, e: [] },
      [[[]], [1, [2, [3]]], 'x'],
      new Map<unknown, unknown>([
        ['k', 1],
        [2, { v: [3] }],
        [{ key: 'object' }, new Set([1, 'a'])],
      ]),
      new Set([1, 'one', { one: 1 }, [1]]),
      { map: new Map([['a', new Date(5)]]), set: new Set(), list: Array.from({ length: 40 }, (_, i) => i * 1.5) },
    ]);
  });

  it('keep key order, integer-like keys and undefined fields', () => {
    const { values } = roundTrip([{ b: 1, 2: 'two', a: undefined, 1: 'one', 'x y': true }]);
    expect(Object.keys(values[0] as object)).toEqual(['1', '2', 'b', 'a', 'x y']);
    expect(values[0]).toEqual({ b: 1, 2: 'two', a: undefined, 1: 'one', 'x y': true });
    expect('a' in (values[0] as object)).toBe(true);
  });

  it('decode a record of a common shape the same, whether built in a loop or by its compiled builder', () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      kind: 'bid',
      auction: i,
      price: i * 100.5,
      extra: `e${i % 7}`,
    }));
    for (let batch = 0; batch < 3; batch++) same(records);
  });

  it('keep batches that mix many shapes, and more shapes and strings than fit in a tag', () => {
    const values: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      values.push({ [`key${i}`]: i, shared: `string ${i}` }, { shared: `string ${i % 50}`, [`key${i}`]: [i] });
    }
    same(values);
  });

  it('keep records whose shapes take turns after the same keys, before and after their writers are compiled', () => {
    // A window partial and its accumulator step from the root in turn; {key, next} and {key, other}
    // share their first key, and a third shape after it makes the node look its children up.
    const values: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      values.push({ key: i, partial: { count: i, latest: -i } });
      if (i % 3 === 0) values.push({ key: `k${i}`, other: [i] });
      if (i % 5 === 0) values.push({ key: null, next: { count: i } });
    }
    for (let batch = 0; batch < 3; batch++) same(values);
  });

  it('write objects of more than 64 keys with their keys, in order', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100; i++) wide[`k${i}`] = i;
    const { values } = roundTrip([wide, wide]);
    expect(values).toEqual([wide, wide]);
    expect(Object.keys(values[0] as object)).toEqual(Object.keys(wide));
  });

  it('keep an own __proto__ key as a key, not a prototype, also in a shape in common use', () => {
    const record = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const { values } = roundTrip(Array.from({ length: 100 }, () => record));
    for (const value of values as Record<string, unknown>[]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(['__proto__', 'a']);
      expect(value.polluted).toBeUndefined();
    }
  });

  it('turn class instances into plain objects of their own enumerable fields, or what toJSON returns', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get length(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    class Money {
      constructor(readonly cents: number) {}
      toJSON(): string {
        return `${this.cents / 100} EUR`;
      }
    }
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 3;
    const { values } = roundTrip([new Point(1, 2), new Money(250), bare, { at: new Point(3, 4) }]);
    expect(values).toEqual([{ x: 1, y: 2 }, '2.5 EUR', { z: 3 }, { at: { x: 3, y: 4 } }]);
    expect(Object.getPrototypeOf(values[0])).toBe(Object.prototype);
    expect(Object.getPrototypeOf(values[2])).toBe(Object.prototype);
  });

  // (Only typed arrays of the realm Buffer comes from: Jest gives tests their own Float64Array & co.,
  // which msgpack, finding them strangers, would take for plain objects.)
  it('send typed arrays, Buffers, ArrayBuffers, Errors and RegExps through msgpack, one value at a time', () => {
    const { values } = roundTrip([
      { bytes: new Uint8Array([1, 2, 3]), after: 'still here' },
      Buffer.from('buffer'),
      new Uint8Array([9, 8]).buffer,
      new Error('boom'),
      /ab+c/gi,
    ]);
    const [record, buffer, arrayBuffer, error, regexp] = values as [
      Record<string, unknown>,
      Buffer,
      ArrayBuffer,
      Error,
      RegExp,
    ];
    expect(record.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(record.after).toBe('still here');
    expect(Buffer.from(buffer).toString()).toBe('buffer');
    expect(Array.from(new Uint8Array(arrayBuffer))).toEqual([9, 8]);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('boom');
    expect(regexp).toEqual(/ab+c/gi);
  });

  it('drop functions, as msgpack did, and refuse symbols and cycles with a RecordError', () => {
    expect(roundTrip([{ f: () => 1, a: 1 }]).values).toEqual([{ f: undefined, a: 1 }]);
    expect(() => encodeBatch([{ s: Symbol('x') }], [NO_TIMESTAMP])).toThrow(RecordError);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => encodeBatch([cyclic], [NO_TIMESTAMP])).toThrow(/nests too deeply to encode \(or refers to itself\)/);
    // The encoder is fine afterwards.
    same([{ a: 1 }, 'b']);
  });

  it('refuse a record whose getter changes it while it is encoded', () => {
    const record = {
      a: 1,
      get b(): number {
        delete (record as Partial<typeof record>).c;
        return 2;
      },
      c: 3,
    };
    expect(() => encodeBatch([record], [NO_TIMESTAMP])).toThrow(/changed while it was being encoded/);
  });

  it('keep timestamps, and send none when no record has one', () => {
    expect(roundTrip(['a', 'b', 'c'], [5, NO_TIMESTAMP, 1704067200000.5]).timestamps).toEqual([
      5,
      NO_TIMESTAMP,
      1704067200000.5,
    ]);
    const without = encodeBatch(['a', 'b'], [NO_TIMESTAMP, NO_TIMESTAMP]);
    const withThem = encodeBatch(['a', 'b'], [1, 2]);
    expect(withThem.length - without.length).toBe(16);
    expect(Array.from(decodeBatch(without).timestamps)).toEqual([NO_TIMESTAMP, NO_TIMESTAMP]);
  });

  it('read timestamps in place when aligned, and copy them when not', () => {
    const bytes = encodeBatch([1, 2], [10, 20]);
    const inPlace = decodeBatch(bytes).timestamps as Float64Array;
    expect(inPlace.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copied = decodeBatch(shifted.subarray(1)).timestamps as Float64Array;
    expect(copied.buffer).not.toBe(shifted.buffer);
    expect(Array.from(copied)).toEqual([10, 20]);
  });

  it('round-trip an empty batch', () => {
    expect(roundTrip([])).toEqual({ values: [], timestamps: [] });
  });

  it('return bytes in an ArrayBuffer of their own, of exactly their length, batch after batch', () => {
    const first = encodeBatch([{ a: 'x'.repeat(200_000) }], [1]);
    const second = encodeBatch([{ a: 'y' }], [2]);
    for (const bytes of [first, second]) {
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
    }
    expect(first.buffer).not.toBe(second.buffer);
    expect(decodeBatch(first).values).toEqual([{ a: 'x'.repeat(200_000) }]);
  });

  it('send a string that repeats in a batch once', () => {
    const url = 'https://www.nexmark.com/udefo/qbpxz/lshur/item.htm?query=1';
    const once = encodeBatch([{ url }], [NO_TIMESTAMP]).length;
    const hundred = encodeBatch(
      Array.from({ length: 100 }, () => ({ url })),
      new Array<number>(100).fill(NO_TIMESTAMP),
    ).length;
    // Every further record is a shape id and a string id.
    expect(hundred - once).toBeLessThan(99 * 4);
  });

  it('work where code generation is forbidden, storing and reading fields in loops', () => {
    const records = Array.from({ length: 200 }, (_, i) => ({ a: i, b: `b${i % 3}` }));
    const original = globalThis.Function;
    globalThis.Function = function forbidden() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const codec = require('./batch-codec') as typeof import('./batch-codec');
        for (let batch = 0; batch < 2; batch++) {
          expect(
            codec.decodeBatch(
              codec.encodeBatch(
                records,
                records.map(() => 1),
              ),
            ).values,
          ).toEqual(records);
        }
      });
    } finally {
      globalThis.Function = original;
    }
  });

  it('round-trip Nexmark-like bids, batch after batch', () => {
    const bids = Array.from({ length: 500 }, (_, i) => ({
      kind: 'bid',
      auction: 1000 + (i % 97),
      bidder: 2000 + i,
      price: (i * 7919) % 10_000_000,
      channel: i % 2 === 0 ? ['Google', 'Facebook', 'Baidu', 'Apple'][i % 4] : `channel-${i}`,
      url: `https://www.nexmark.com/abcde/fghij/klmno/item.htm?query=1&channel_id=${i % 50}`,
      dateTime: 1704067200000 + i,
      extra: i % 3 === 0 ? '' : `extra ${i % 64}`,
      ingestionTime: 1704067200000.123 + i / 7,
    }));
    const timestamps = bids.map((b) => b.dateTime);
    for (let batch = 0; batch < 2; batch++) expect(roundTrip(bids, timestamps)).toEqual({ values: bids, timestamps });
  });
});
