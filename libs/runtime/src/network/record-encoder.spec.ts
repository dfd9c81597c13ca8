import { NO_TIMESTAMP } from '../time-constants';
import { RecordEncoder } from './record-encoder';
import { MAGIC, Tag, VERSION } from './record-format';

const header = (count: number, flags = 0): number[] => [MAGIC, VERSION, flags, 0, count, 0, 0, 0];
const ascii = (text: string): number[] => [Tag.STRING, text.length, ...Buffer.from(text, 'latin1')];

describe('RecordEncoder', () => {
  it('writes a shape and a string the first time a batch meets them, then their ids', () => {
    const encoder = new RecordEncoder();
    const records = [
      { k: 'hi', v: 1 },
      { k: 'hi', v: 300 },
      { k: 'é', v: -0 },
    ];
    const bytes = encoder.encode(records, [NO_TIMESTAMP, NO_TIMESTAMP, NO_TIMESTAMP]);
    expect(Array.from(bytes)).toEqual([
      ...header(3),
      ...[Tag.SHAPE_DEF, 2, ...ascii('k'), ...ascii('v'), ...ascii('hi'), 1],
      ...[Tag.OBJECT_SHORT, Tag.REF_SHORT + 2, Tag.INT16, 0x2c, 0x01],
      ...[Tag.OBJECT_SHORT, Tag.STRING16, 1, 0xe9, 0x00, Tag.FLOAT64, 0, 0, 0, 0, 0, 0, 0, 0x80],
    ]);
    // A new batch stands on its own: it defines them again.
    expect(Array.from(encoder.encode([{ k: 'hi', v: 1 }], [7]))).toEqual([
      ...header(1, 1),
      ...[0, 0, 0, 0, 0, 0, 0x1c, 0x40],
      ...[Tag.SHAPE_DEF, 2, ...ascii('k'), ...ascii('v'), ...ascii('hi'), 1],
    ]);
  });

  it('writes integers in as few bytes as they fit, and millisecond timestamps in six', () => {
    const encoder = new RecordEncoder();
    const bytes = encoder.encode(
      [127, -128, 128, 70_000, 1704067200000, 2 ** 48, 0.5],
      new Array(7).fill(NO_TIMESTAMP),
    );
    expect(Array.from(bytes.subarray(8))).toEqual([
      127,
      ...[Tag.INT8, 0x80],
      ...[Tag.INT16, 0x80, 0x00],
      ...[Tag.INT32, 0x70, 0x11, 0x01, 0x00],
      ...[Tag.INT48, 0x00, 0xf4, 0x51, 0xc2, 0x8c, 0x01],
      ...[Tag.FLOAT64, 0, 0, 0, 0, 0, 0, 0xf0, 0x42],
      ...[Tag.FLOAT64, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f],
    ]);
  });

  it('gives the 65th shape and the 33rd string of a batch an id after the tag', () => {
    const encoder = new RecordEncoder();
    const values: unknown[] = [];
    for (let i = 0; i < 65; i++) values.push({ [`k${i}`]: 0 });
    values.push({ k64: 0 }, 'k0', 'k32');
    const bytes = encoder.encode(values, new Array(values.length).fill(NO_TIMESTAMP));
    expect(Array.from(bytes.subarray(bytes.length - 6))).toEqual([Tag.OBJECT, 64, 0, Tag.REF_SHORT, Tag.REF, 32]);
  });
});
