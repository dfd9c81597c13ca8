import { TtlValue } from '@weir/state';
import { NumericEntries } from './numeric-entries';
import { decodeState, encodeState } from './state-codec';

/** Writes entries as the keyed state writer does, and reads them back. */
function roundTrip(flat: unknown[]): unknown[] {
  const entries = NumericEntries.of(flat);
  expect(entries).toBeDefined();
  return decodeState<{ state: { s: unknown[] } }>(encodeState({ state: { s: entries } })).state.s;
}

describe('NumericEntries', () => {
  it('writes numbers under numeric keys and namespaces as one array of numbers, and reads back the same entries', () => {
    const flat = [1, 0, 5, 2, 0, -0, 3, 1000, Number.NaN, 4, 2000, Number.POSITIVE_INFINITY, 2 ** 53 + 2, 0, 0.1];
    const back = roundTrip(flat);
    expect(back).toEqual(flat);
    expect(Object.is(back[5], -0)).toBe(true);
  });

  it('writes records of numbers field by field, and reads back records with the same fields in the same order', () => {
    const flat = [7, 1000, { count: 3, latestIngestion: 1.5e12 }, 9, 3000, { count: 0, latestIngestion: -1 }];
    const back = roundTrip(flat);
    expect(back).toEqual(flat);
    expect(Object.keys(back[2] as object)).toEqual(['count', 'latestIngestion']);
    expect(Object.getPrototypeOf(back[5])).toBe(Object.prototype);
  });

  it('takes a whole part of window accumulators', () => {
    const flat: unknown[] = [];
    for (let i = 0; i < 512; i++) flat.push(i, 1000 * (i % 5), { count: i, latestIngestion: 1e12 + i });
    expect(roundTrip(flat)).toEqual(flat);
  });

  it('leaves entries of any other shape to msgpack', () => {
    const notNumeric: unknown[][] = [
      ['user-1', 0, 1],
      [1, 'window', 1],
      [1, 0, 'one'],
      [1, 0, 1n],
      [1, 0, undefined],
      [1, 0, 1, 2, 0, { count: 1 }],
      [1, 0, { count: 1 }, 2, 0, 5],
      [1, 0, { count: 1, sum: 2 }, 2, 0, { sum: 2, count: 1 }],
      [1, 0, { count: 1, sum: 2 }, 2, 0, { count: 1 }],
      [1, 0, { count: 1 }, 2, 0, { count: 1, sum: 2 }],
      [1, 0, { count: 1, label: 'a' }],
      [1, 0, { count: 1, recent: [1, 2] }],
      [1, 0, new Map([[1, 2]])],
      [1, 0, new TtlValue(5, 100)],
      [
        1,
        0,
        new (class Counter {
          count = 1;
        })(),
      ],
      [1, 0, Object.create(null) as object],
      [1, 0, JSON.parse('{"__proto__": 1}') as object],
    ];
    for (const flat of notNumeric) expect(NumericEntries.of(flat)).toBeUndefined();
  });

  it('fails on stored numeric entries that are not whole, naming what is wrong', () => {
    expect(() => NumericEntries.decode([null])).toThrow('numeric entries are not [fields, bytes]');
    expect(() => NumericEntries.decode([[1], new Uint8Array(24)])).toThrow('other than strings');
    expect(() => NumericEntries.decode([null, [1, 2, 3]])).toThrow('hold no bytes');
    expect(() => NumericEntries.decode([null, new Float64Array(3)])).toThrow('hold no bytes');
    expect(() => NumericEntries.decode([['count'], new Uint8Array(32)])).toThrow('of 32 bytes are not whole');
  });
});
