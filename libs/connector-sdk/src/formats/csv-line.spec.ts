import { parseCsvLine } from './csv-line';

describe('parseCsvLine', () => {
  it('splits plain fields on commas, keeping empty ones', () => {
    expect(parseCsvLine('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(parseCsvLine(',x,,')).toEqual(['', 'x', '', '']);
    expect(parseCsvLine(' spaced , kept ')).toEqual([' spaced ', ' kept ']);
  });

  it('reads quoted fields with commas and doubled quotes in them', () => {
    expect(parseCsvLine('"a,b",c')).toEqual(['a,b', 'c']);
    expect(parseCsvLine('1,"say ""hi""",""')).toEqual(['1', 'say "hi"', '']);
    expect(parseCsvLine('"",x,"end"')).toEqual(['', 'x', 'end']);
    expect(parseCsvLine('"a",')).toEqual(['a', '']);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(parseCsvLine('5" pipe,x')).toEqual(['5" pipe', 'x']);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsvLine('a,"open')).toThrow('unterminated quoted field starting at column 3');
    expect(() => parseCsvLine('"a"b,c')).toThrow("expected a comma after the quoted field at column 4, found 'b'");
  });
});
