import { ByteWriter, utf8Length } from './byte-writer';

describe('ByteWriter text', () => {
  const texts = [
    '',
    'user-42',
    'ümlaut',
    '日本',
    '😀',
    '\ud800',
    'a'.repeat(64) + 'é',
    'b'.repeat(300),
    'c'.repeat(63) + '😀',
  ];

  it('writes the UTF-8 of short and long, ASCII and other text after what it holds, and measures it', () => {
    for (const text of texts) {
      const out = new ByteWriter(2);
      out.ascii('ab');
      out.text(text);
      expect(out.written()).toEqual(Buffer.concat([Buffer.from('ab'), Buffer.from(text, 'utf8')]));
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
    }
  });
});
