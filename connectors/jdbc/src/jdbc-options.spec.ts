import { ConfigError } from '@weir/common';
import { jdbcSink } from './jdbc-sink';
import { jdbcSource } from './jdbc-source';
import { parseJdbcUrl } from './jdbc-url';

const PG = 'postgres://postgres@127.0.0.1:5432/test';

function configError(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('JDBC options', () => {
  it('picks the dialect from the URL’s scheme and hides the password in messages', () => {
    expect(parseJdbcUrl('postgresql://u:secret@h/db', 'x')).toEqual({
      dialect: 'postgres',
      url: 'postgresql://u:secret@h/db',
      display: 'postgresql://u:***@h/db',
    });
    expect(parseJdbcUrl('mariadb://root@h:3306/test', 'x').dialect).toBe('mysql');
    expect(parseJdbcUrl('mysql://root@h/test', 'x').dialect).toBe('mysql');
  });

  it('refuses a bad URL, naming the field', () => {
    expect(configError(() => jdbcSink({ url: 'sqlite://x/y', table: 't' }))).toMatch(
      /jdbcSink: 'url' has the scheme 'sqlite:'.*postgres:\/\/, postgresql:\/\/, mysql:\/\/ or mariadb:\/\//,
    );
    expect(configError(() => jdbcSink({ url: 'not a url', table: 't' }))).toMatch(/jdbcSink: 'url' must be a URL/);
    expect(configError(() => jdbcSource({ url: 'postgres://u:pw@host', query: 'SELECT 1' }))).toMatch(
      /jdbcSource: 'url' must name a host and a database .*'postgres:\/\/u:\*\*\*@host'/,
    );
  });

  it('refuses a sink without a table, or an upsert without a key, naming the field', () => {
    expect(configError(() => jdbcSink({ url: PG } as never))).toMatch(/jdbcSink: invalid options: 'table'/);
    expect(configError(() => jdbcSink({ url: PG, table: 't', mode: 'upsert' }))).toMatch(
      /jdbcSink: mode 'upsert' needs a 'key'/,
    );
    expect(configError(() => jdbcSink({ url: PG, table: 't', mode: 'merge' as never }))).toMatch(/'mode'/);
    expect(configError(() => jdbcSink({ url: PG, table: 't', batchSize: 0 }))).toMatch(/'batchSize'/);
    expect(configError(() => jdbcSink({ url: PG, table: 't', deliveryGuarantee: 'once' as never }))).toMatch(
      /'deliveryGuarantee'/,
    );
    expect(configError(() => jdbcSink({ url: PG, table: 't', key: ['id'] }))).toMatch(/'key' is for mode 'upsert'/);
  });

  it('refuses a partition column without bounds, and bounds without a column', () => {
    expect(configError(() => jdbcSource({ url: PG, query: 'SELECT 1', partitionColumn: 'id', lowerBound: 1 }))).toMatch(
      /'partitionColumn' needs 'lowerBound' and 'upperBound'/,
    );
    expect(configError(() => jdbcSource({ url: PG, query: 'SELECT 1', numPartitions: 4 }))).toMatch(
      /'numPartitions' needs a 'partitionColumn'/,
    );
    expect(
      configError(() =>
        jdbcSource({ url: PG, query: 'SELECT 1', partitionColumn: 'id', lowerBound: 9, upperBound: 1 }),
      ),
    ).toMatch(/'lowerBound' \(9\) must not be above 'upperBound' \(1\)/);
    expect(configError(() => jdbcSource({ url: PG, query: '' }))).toMatch(/'query'/);
    expect(configError(() => jdbcSource({ url: PG, query: 'SELECT 1', map: 'id' as never }))).toMatch(
      /'map' must be a function/,
    );
  });
});
