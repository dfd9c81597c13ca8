import { compileFieldWriter, compileRecordBuilder } from './shape-functions';

// Keys that would break out of a string or a statement, were they ever pasted into source.
const hostile = [
  "a'b",
  'c"d',
  '`${process.exit(1)}`',
  '\\',
  '\n}); process.exit(1); ({\n',
  '" }; process.exit(1); //',
  '\u2028\u2029',
  '\ud800 lone',
  'k0',
  'constructor',
];

describe('compileRecordBuilder', () => {
  it('builds records of the keys it was given, in order, keys being data', () => {
    const values = hostile.map((_, i) => i);
    let next = 0;
    const build = compileRecordBuilder(hostile)!;
    const record = build({ readValue: () => values[next++] });
    expect(Object.keys(record)).toEqual(hostile);
    expect(Object.values(record)).toEqual(values);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it('keeps to the keys it was compiled for, whatever happens to the array afterwards', () => {
    const keys = ['a', 'b'];
    const build = compileRecordBuilder(keys)!;
    keys[0] = 'changed';
    expect(build({ readValue: () => 1 })).toEqual({ a: 1, b: 1 });
  });
});

describe('compileFieldWriter', () => {
  it('writes the values of the keys it was given, in order', () => {
    const record: Record<string, unknown> = {};
    hostile.forEach((key, i) => (record[key] = `value ${i}`));
    const written: unknown[] = [];
    compileFieldWriter(hostile)!({ writeValue: (value) => written.push(value) }, record);
    expect(written).toEqual(hostile.map((_, i) => `value ${i}`));
  });
});
