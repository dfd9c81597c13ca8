import { crc32c } from './crc32c';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('crc32c', () => {
  it('gives the CRC-32C check values, over a range too', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32c(bytes('xx123456789yy'), 2, 11)).toBe(0xe3069283);
  });
});
