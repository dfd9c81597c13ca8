import { jsonFormat } from '@weir/connector-sdk';
import { ByteWriter } from './byte-writer';
import { writeJson } from './json-bytes';

const stringify = (value: unknown): string => jsonFormat().format(value);

/** What writeJson wrote, as text, into a writer that already holds a few bytes (they stay). */
function written(value: unknown): string {
  const out = new ByteWriter(4);
  out.ascii('ab');
  writeJson(value, out, stringify);
  const text = out.written().toString('utf8');
  expect(text.slice(0, 2)).toBe('ab');
  return text.slice(2);
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('writeJson', () => {
  const strings = [
    '',
    'user-42',
    'a"b',
    'back\\slash',
    'tab\there',
    'line\nbreak',
    '\u0000\u001f\u007f',
    'ümlaut',
    '日本',
    '😀',
    '\ud800 lone',
    'x'.repeat(200),
  ];
  const numbers = [
    0,
    -0,
    1,
    -1,
    7,
    10,
    99,
    100,
    2147483647,
    -2147483647,
    2147483648,
    -2147483648,
    1e21,
    0.1,
    -2.5,
    1 / 3,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_SAFE_INTEGER,
  ];

  it('writes the bytes of JSON.stringify for strings, numbers, booleans and null', () => {
    for (const value of [...strings, ...numbers, true, false, null]) {
      expect(written(value)).toBe(JSON.stringify(value));
    }
  });

  it('writes the bytes of JSON.stringify for flat objects, whatever their keys and values', () => {
    const objects: unknown[] = [
      { user: 'user-1', count: 1 },
      {},
      { 'a"key': 1, ключ: 'значение', '2': true, '1': null, z: -0 },
      Object.assign(Object.create(null) as object, { a: 1, b: 'x' }),
      ...strings.map((text) => ({ text, n: text.length })),
      ...numbers.map((n) => ({ n })),
    ];
    for (const value of objects) expect(written(value)).toBe(JSON.stringify(value));
  });

  it('leaves the other shapes to JSON.stringify, which gives the same bytes', () => {
    const withToJson = { a: 1, toJSON: () => 'custom' };
    const hiddenToJson = Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'hidden', enumerable: false });
    const getter = Object.defineProperty({ a: 1 }, 'b', { get: () => 'got', enumerable: true });
    const shapes: unknown[] = [
      [1, 'two', null],
      { nested: { a: [1, 2] }, b: 1 },
      { skipped: undefined, f: () => 1, s: Symbol('s'), kept: 1 },
      new Date(0),
      new Point(1, 2),
      new String('boxed'),
      withToJson,
      hiddenToJson,
      getter,
    ];
    for (const value of shapes) expect(written(value)).toBe(JSON.stringify(value));
  });

  it('throws what jsonFormat throws for a value JSON cannot write', () => {
    expect(() => written(undefined)).toThrow('jsonFormat: undefined has no JSON form.');
    expect(() => written({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => written(cyclic)).toThrow(TypeError);
  });
});
