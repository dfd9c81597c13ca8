import { RecordError } from '@weir/common';
import { csvFormat } from './csv-format';
import { asBytesFormat, SKIP_RECORD } from './format';
import { jsonFormat } from './json-format';
import { linesFormat } from './lines-format';
import { rawBytesFormat } from './raw-bytes-format';

describe('formats', () => {
  it('lines: each text as it is', () => {
    const lines = linesFormat();
    expect([lines.parse(''), lines.parse(' a ')]).toEqual(['', ' a ']);
    expect(lines.format('x')).toBe('x');
  });

  it('json: parses, skips blank text, writes one line, refuses what has no JSON form', () => {
    const json = jsonFormat<{ a: number[] }>();
    expect(json.parse('{"a":[1]}')).toEqual({ a: [1] });
    expect([json.parse(''), json.parse(' \t')]).toEqual([SKIP_RECORD, SKIP_RECORD]);
    expect(() => json.parse('{"a":')).toThrow(SyntaxError);
    expect(json.format({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(() => jsonFormat().format(undefined)).toThrow(RecordError);
  });

  it('csv: reads fields, quotes on writing where needed, round trips', () => {
    const csv = csvFormat();
    const fields = ['plain', 'with,comma', 'say "hi"', '', 'two\nlines'];
    const line = csv.format(fields);
    expect(line).toBe('plain,"with,comma","say ""hi""",,"two\nlines"');
    expect(csv.parse('a,"b,c"')).toEqual(['a', 'b,c']);
    expect(csv.parse('')).toBe(SKIP_RECORD);
    expect(csv.parse(csv.format(['x', 'y,z', '"q"']))).toEqual(['x', 'y,z', '"q"']);
  });

  it('raw bytes: payloads as they are', () => {
    const raw = rawBytesFormat();
    const payload = new Uint8Array([0, 255, 10]);
    expect(raw.decode(payload)).toBe(payload);
    expect(raw.encode(payload)).toBe(payload);
  });

  it('asBytesFormat: a text format over UTF-8 payloads', () => {
    const json = asBytesFormat(jsonFormat<{ name: string }>());
    const bytes = json.encode({ name: 'Zoë' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"name":"Zoë"}');
    const offset = Buffer.concat([Buffer.from('xx'), Buffer.from(bytes)]).subarray(2);
    expect(json.decode(offset)).toEqual({ name: 'Zoë' });
    const raw = rawBytesFormat();
    expect(asBytesFormat(raw)).toBe(raw);
  });
});
