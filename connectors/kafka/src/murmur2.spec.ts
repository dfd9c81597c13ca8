import { keyPartition, murmur2 } from './murmur2';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('murmur2', () => {
  it("gives Kafka's Java producer's hashes (its UtilsTest cases)", () => {
    expect(murmur2(bytes('21'))).toBe(-973932308);
    expect(murmur2(bytes('foobar'))).toBe(-790332482);
    expect(murmur2(bytes('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(bytes('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  it('hashes only the first `length` bytes of a reused buffer', () => {
    const buffer = Buffer.alloc(64, 0x7a);
    buffer.write('foobar', 0);
    expect(murmur2(buffer, 6)).toBe(-790332482);
    expect(keyPartition(buffer, 6, 7)).toBe((-790332482 & 0x7fffffff) % 7);
  });
});
