import { RuntimeFailure } from '@weir/common';
import { RecordDecoder } from './record-decoder';
import { RecordEncoder } from './record-encoder';
import { FLAG_TIMESTAMPS, MAGIC, Tag, VERSION } from './record-format';

const decoder = new RecordDecoder();

/** A batch of `count` records without timestamps, whose values are `body`. */
function batch(count: number, ...body: number[]): Uint8Array {
  return Uint8Array.from([MAGIC, VERSION, 0, 0, count, count >> 8, count >> 16, count >>> 24, ...body]);
}

function failure(bytes: Uint8Array): RuntimeFailure {
  try {
    decoder.decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeFailure);
    return error as RuntimeFailure;
  }
  throw new Error('decoded without complaint');
}

const ascii = (text: string): number[] => [Tag.STRING, text.length, ...Buffer.from(text, 'latin1')];

/** Every kind of value, and more shapes and strings than the short ids cover. */
function richBatch(): Uint8Array {
  const values: unknown[] = [
    { kind: 'bid', price: 123456, at: 1704067200000, extra: 'héllo 😀', when: new Date(5) },
    { kind: 'bid', price: -1, at: 1.5, extra: 'x'.repeat(40), when: new Date(6) },
    [1, -200, 40_000, -(2 ** 31), 2 ** 40, NaN, -0, true, false, null, undefined],
    new Map<unknown, unknown>([['a', new Set([1, 'b'])]]),
    123456789012345678901234567890n,
    new Uint8Array([1, 2, 3]),
  ];
  for (let i = 0; i < 66; i++) values.push({ [`k${i}`]: `v${i}` });
  return new RecordEncoder().encode(
    values,
    values.map((_, i) => i),
  );
}

describe('RecordDecoder', () => {
  it('throws a RuntimeFailure naming the byte offset for every way of cutting a batch short', () => {
    const bytes = richBatch();
    expect(decoder.decode(bytes).values).toHaveLength(72);
    for (let length = 0; length < bytes.length; length++) {
      expect(failure(bytes.subarray(0, length)).message).toMatch(/^Corrupt record batch at byte \d+: /);
    }
  });

  it('never fails with anything but a RuntimeFailure, whatever byte is damaged', () => {
    const bytes = richBatch();
    for (let at = 0; at < bytes.length; at++) {
      for (const damage of [0x00, 0x80, 0xe9, 0xff]) {
        const damaged = bytes.slice();
        damaged[at] = damage;
        try {
          decoder.decode(damaged);
        } catch (error) {
          expect(error).toBeInstanceOf(RuntimeFailure);
        }
      }
    }
  });

  it('rejects what follows the last record', () => {
    expect(failure(batch(1, 5, 6)).message).toContain('at byte 9: 1 bytes follow the last of the batch');
  });

  it('rejects a batch that is not in the record format, or of an unknown version or flags', () => {
    expect(failure(Uint8Array.from([MAGIC, VERSION, 0])).message).toContain('shorter than its 8-byte header');
    expect(failure(Uint8Array.from([0x93, 0xc0, 0, 0, 0, 0, 0, 0])).message).toContain('starts 0x93 0xc0');
    expect(failure(Uint8Array.from([MAGIC, VERSION + 1, 0, 0, 0, 0, 0, 0])).message).toContain('MAGIC and VERSION');
    expect(failure(Uint8Array.from([MAGIC, VERSION, 6, 0, 0, 0, 0, 0])).message).toContain('unknown header flags');
  });

  it('rejects a record count the batch cannot hold, before allocating for it', () => {
    expect(failure(batch(0xffffffff, 1)).message).toContain('announces 4294967295 records');
    const withTimestamps = batch(2, 1, 2);
    withTimestamps[2] = FLAG_TIMESTAMPS;
    expect(failure(withTimestamps).message).toContain('announces 2 records');
  });

  it('rejects unknown tags, and shapes and strings used before they are defined', () => {
    expect(failure(batch(1, 0xff)).message).toContain('at byte 8: unknown tag 0xff');
    expect(failure(batch(1, Tag.OBJECT_SHORT + 3)).message).toContain('shape 3 is used before it is defined');
    expect(failure(batch(1, Tag.OBJECT, 70)).message).toContain('shape 70 is used before it is defined');
    expect(failure(batch(1, Tag.REF_SHORT)).message).toContain('string 0 is used before it is defined');
    expect(failure(batch(2, ...ascii('a'), Tag.REF, 1)).message).toContain('string 1 is used before it is defined');
  });

  it('rejects varints longer than 32 bits and lengths beyond the batch', () => {
    expect(failure(batch(1, Tag.REF, 0xff, 0xff, 0xff, 0xff, 0x1f)).message).toContain('varint longer than 32 bits');
    expect(failure(batch(1, Tag.STRING, 10, 0x61)).message).toContain('inside a string of 10 bytes');
    expect(failure(batch(1, Tag.STRING16, 2, 0x61, 0)).message).toContain('inside a string of 2 UTF-16 chars');
    expect(failure(batch(1, Tag.ARRAY, 0x80, 0x01)).message).toContain('an array of 128 elements');
    expect(failure(batch(1, Tag.MAP, 3, 1)).message).toContain('a Map of 3 elements');
  });

  it('rejects shapes that are too wide, repeat a key or have a key that is not a string', () => {
    expect(failure(batch(1, Tag.SHAPE_DEF, 65, ...new Array<number>(200).fill(0))).message).toContain(
      'a shape of 65 keys, more than the 64 allowed',
    );
    expect(failure(batch(1, Tag.SHAPE_DEF, 2, ...ascii('a'), Tag.REF_SHORT, 1, 2)).message).toContain(
      'a shape repeats a key: a, a',
    );
    expect(failure(batch(1, Tag.SHAPE_DEF, 1, 5, 1)).message).toContain('an object key is not a string (tag 0x05)');
  });

  it('rejects bigints that are not digits and msgpack that does not decode', () => {
    expect(failure(batch(1, Tag.BIGINT, 2, 0x31, 0x78)).message).toContain("a bigint of digits '1x'");
    expect(failure(batch(1, Tag.MSGPACK, 2, 0x92, 0x01)).message).toContain('a msgpack value that does not decode');
    expect(failure(batch(1, Tag.MSGPACK, 2, 0x01, 0x02)).message).toContain('a msgpack value that does not decode');
  });

  it('turns values nested deeper than the stack into a RuntimeFailure', () => {
    const depth = 200_000;
    const bytes = new Uint8Array(8 + depth * 2 + 1);
    bytes.set(batch(1));
    for (let i = 0; i < depth; i++) bytes.set([Tag.ARRAY, 1], 8 + i * 2);
    expect(failure(bytes).message).toContain('values nest deeper than the stack allows');
  });

  it('decodes hand-written bytes as the format says', () => {
    const bytes = batch(
      4,
      ...[Tag.SHAPE_DEF, 2, ...ascii('k'), ...ascii('v'), 7, Tag.INT16, 0x00, 0x80],
      ...[Tag.OBJECT_SHORT, Tag.REF_SHORT, Tag.STRING16, 1, 0x3d, 0xd8],
      ...[Tag.INT48, 0, 0, 0, 0, 0, 0x80],
      ...[Tag.ARRAY, 2, Tag.FLOAT64, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, Tag.DATE, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
    );
    expect(decoder.decode(bytes).values).toEqual([
      { k: 7, v: -32768 },
      { k: 'k', v: '\ud83d' },
      -(2 ** 47),
      [1.5, new Date(1)],
    ]);
  });
});
