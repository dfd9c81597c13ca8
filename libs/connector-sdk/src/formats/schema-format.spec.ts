import { ConfigError, RecordError } from '@weir/common';
import { SKIP_RECORD } from './format';
import { recordSchema, type RecordOf } from './record-schema';
import { schemaFormat } from './schema-format';

const clicks = recordSchema({
  page: 'string',
  user: 'int',
  price: 'float',
  paid: 'boolean',
  at: 'timestamp',
  referrer: { type: 'string', nullable: true },
});
type Click = RecordOf<typeof clicks>;

describe('schemaFormat', () => {
  describe('csv', () => {
    const csv = schemaFormat(clicks, 'csv');

    it('converts each field to its type; empty nullable fields read as null; the header is skipped', () => {
      expect(csv.parse('page,user,price,paid,at,referrer')).toBe(SKIP_RECORD);
      expect(csv.parse('')).toBe(SKIP_RECORD);
      const click: Click = csv.parse('/home,42,9.5,true,2024-01-02T03:04:05.000Z,') as Click;
      expect(click).toEqual({
        page: '/home',
        user: 42,
        price: 9.5,
        paid: true,
        at: Date.UTC(2024, 0, 2, 3, 4, 5),
        referrer: null,
      });
      expect(csv.parse('"a,b",-1,1e3,false,1700000000000,x')).toEqual({
        page: 'a,b',
        user: -1,
        price: 1000,
        paid: false,
        at: 1700000000000,
        referrer: 'x',
      });
    });

    it('names the field of a malformed record', () => {
      const attempt = (line: string) => () => csv.parse(line);
      expect(attempt('/a,4x,1,true,0,')).toThrow(RecordError);
      expect(attempt('/a,4x,1,true,0,')).toThrow("field 'user': expected an integer, found '4x'");
      expect(attempt('/a,4,,true,0,')).toThrow("field 'price': expected a number, found ''");
      expect(attempt('/a,4,1,yes,0,')).toThrow("field 'paid': expected true or false, found 'yes'");
      expect(attempt('/a,4,1,true,soon,')).toThrow("field 'at': expected a timestamp");
      expect(attempt('/a,4')).toThrow('expected 6 fields (page, user, price, paid, at, referrer), found 2');
    });

    it('writes checked records in the schema order, and reads them back', () => {
      const click: Click = { page: 'p,q', user: 1, price: 2.5, paid: false, at: 3, referrer: null };
      expect(csv.format(click)).toBe('"p,q",1,2.5,false,3,');
      expect(csv.parse(csv.format(click))).toEqual(click);
      expect(() => csv.format({ ...click, user: 1.5 })).toThrow("field 'user': expected an integer, found 1.5");
    });
  });

  describe('json', () => {
    const json = schemaFormat(clicks, 'json');

    it('checks each field by name, dropping others', () => {
      expect(json.parse('{"page":"/","user":1,"price":2,"paid":true,"at":"1970-01-01T00:00:01Z","extra":[1]}')).toEqual(
        { page: '/', user: 1, price: 2, paid: true, at: 1000, referrer: null },
      );
      expect(json.parse('  ')).toBe(SKIP_RECORD);
    });

    it('names a missing or mistyped field', () => {
      expect(() => json.parse('{"page":"/","user":1,"price":2,"at":0}')).toThrow("field 'paid' is missing");
      expect(() => json.parse('{"page":7,"user":1,"price":2,"paid":true,"at":0}')).toThrow(
        "field 'page': expected a string, found 7",
      );
      expect(() => json.parse('[1]')).toThrow('expected an object with the fields page, user, price');
    });

    it('writes only the schema fields', () => {
      const click = { page: '/', user: 1, price: 2, paid: true, at: 5, referrer: 'r', other: 1 };
      expect(json.format(click)).toBe('{"page":"/","user":1,"price":2,"paid":true,"at":5,"referrer":"r"}');
    });
  });

  it('refuses a bad schema or encoding naming what is wrong', () => {
    expect(() => recordSchema({ n: 'integer' as 'int' })).toThrow(ConfigError);
    expect(() => recordSchema({ n: 'integer' as 'int' })).toThrow(
      'recordSchema: field \'n\' has the type "integer"; use one of string, int, float, boolean, timestamp.',
    );
    expect(() => recordSchema({})).toThrow('at least one');
    expect(() => schemaFormat(clicks, 'xml' as 'csv')).toThrow("schemaFormat: the encoding must be 'csv' or 'json'");
  });
});
