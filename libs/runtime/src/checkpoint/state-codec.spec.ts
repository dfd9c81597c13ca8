import { CheckpointError } from '@weir/common';
import { TtlValue } from '@weir/state';
import { decodeFrame, decodeState, digestOf, encodeFrame, encodeState, verifyDigest } from './state-codec';

describe('state codec', () => {
  it('keeps what state holds: Maps, Sets, Dates, bigints, undefined, TTL values', () => {
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Set(['x'])],
      ]),
      when: new Date(5),
      big: 2n ** 60n,
      missing: undefined,
      ttl: new TtlValue({ n: 1 }, 42),
      list: [1, 'two', null],
    };
    const back = decodeState<typeof value>(encodeState(value));
    expect(back).toEqual(value);
    expect(back.ttl).toBeInstanceOf(TtlValue);
  });

  it('frames a structure with its byte arrays laid after it, and hands them back as views', () => {
    const frame = encodeFrame({
      version: 1,
      groups: [
        [3, new Uint8Array([1, 2])],
        [9, new Uint8Array([7])],
      ],
      empty: [],
    });
    const back = decodeFrame<{ groups: [number, Uint8Array][] }>(frame, 'a frame');
    expect(back.groups.map(([kg, bytes]) => [kg, Array.from(bytes)])).toEqual([
      [3, [1, 2]],
      [9, [7]],
    ]);
    expect(back.groups[0][1].buffer).toBe(frame.buffer);
  });

  it('names what is corrupt: a truncated frame, a digest that does not match', () => {
    const frame = encodeFrame({ groups: [new Uint8Array(100)] });
    expect(() => decodeFrame(frame.subarray(0, frame.length - 1), 'Subtask 0 of checkpoint 3')).toThrow(
      /^Subtask 0 of checkpoint 3 cannot be decoded \(a part runs past its end\): it is corrupt\.$/,
    );
    const digest = digestOf(frame);
    const altered = frame.slice();
    altered[50] ^= 1;
    expect(() => verifyDigest(altered, digest, 'The blob')).toThrow(CheckpointError);
    expect(() => verifyDigest(altered, digest, 'The blob')).toThrow('The blob fails its CRC-32 check: it is corrupt.');
  });
});
