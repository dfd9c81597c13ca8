import { crc32c } from './crc32c';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The CRC-32C bit by bit, as its definition says: what the table-driven one must match. */
function bitwiseCrc32c(data: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) {
    crc ^= data[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return crc ^ 0xffffffff;
}

describe('crc32c', () => {
  it('gives the CRC-32C check values as signed 32-bit integers, over a range too', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283 | 0);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa | 0);
    expect(crc32c(bytes('xx123456789yy'), 2, 11)).toBe(0xe3069283 | 0);
  });

  it('matches the bitwise definition over every length and offset around its sixteen-byte steps', () => {
    const data = Buffer.alloc(100);
    for (let i = 0; i < data.length; i++) data[i] = (i * 151 + 7) & 0xff;
    for (let start = 0; start < 17; start++) {
      for (let end = start; end <= data.length; end++) {
        expect(crc32c(data, start, end)).toBe(bitwiseCrc32c(data, start, end));
      }
    }
  });
});
