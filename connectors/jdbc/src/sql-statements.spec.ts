import { mysqlDialect } from './mysql-dialect';
import { postgresDialect } from './postgres-dialect';
import {
  columnarInsertStatement,
  createProgressTable,
  insertStatement,
  recordProgress,
  splitQuery,
  upsertStatement,
} from './sql-statements';

describe('SQL statements', () => {
  it('inserts several rows in one statement, with each dialect’s quoting and bind parameters', () => {
    expect(insertStatement(postgresDialect, 'public.clicks', ['page', 'n'], 2)).toBe(
      'INSERT INTO "public"."clicks" ("page", "n") VALUES ($1, $2), ($3, $4)',
    );
    expect(insertStatement(mysqlDialect, 'clicks', ['page', 'n'], 2)).toBe(
      'INSERT INTO `clicks` (`page`, `n`) VALUES (?, ?), (?, ?)',
    );
  });

  it('quotes names that hold quotes, so no name can break out of the statement', () => {
    expect(postgresDialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(mysqlDialect.quoteIdentifier('we`ird')).toBe('`we``ird`');
  });

  it('upserts with ON CONFLICT … DO UPDATE on PostgreSQL, updating the non-key columns', () => {
    expect(upsertStatement(postgresDialect, 'avg', ['page', 'window_end', 'value'], ['page', 'window_end'], 1)).toBe(
      'INSERT INTO "avg" ("page", "window_end", "value") VALUES ($1, $2, $3) ' +
        'ON CONFLICT ("page", "window_end") DO UPDATE SET "value" = EXCLUDED."value"',
    );
    expect(upsertStatement(postgresDialect, 'ids', ['id'], ['id'], 1)).toBe(
      'INSERT INTO "ids" ("id") VALUES ($1) ON CONFLICT ("id") DO NOTHING',
    );
  });

  it('upserts with ON DUPLICATE KEY UPDATE on MariaDB/MySQL', () => {
    expect(upsertStatement(mysqlDialect, 'avg', ['page', 'value', 'n'], ['page'], 2)).toBe(
      'INSERT INTO `avg` (`page`, `value`, `n`) VALUES (?, ?, ?), (?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `n` = VALUES(`n`)',
    );
    // All columns in the key: the clause still needs an assignment, one that changes nothing.
    expect(upsertStatement(mysqlDialect, 'ids', ['id'], ['id'], 1)).toBe(
      'INSERT INTO `ids` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`',
    );
  });

  it('inserts any number of rows with one array per column on PostgreSQL, as an upsert too', () => {
    const types = ['integer', 'character varying(20)'];
    expect(columnarInsertStatement(postgresDialect, 'items', ['id', 'name'], types, undefined)).toBe(
      'INSERT INTO "items" ("id", "name") SELECT * FROM unnest($1::integer[], $2::character varying(20)[])',
    );
    expect(columnarInsertStatement(postgresDialect, 'items', ['id', 'name'], types, ['id'])).toBe(
      'INSERT INTO "items" ("id", "name") SELECT * FROM unnest($1::integer[], $2::character varying(20)[]) ' +
        'ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"',
    );
  });

  it('records progress with an insert that skips a commit recorded before', () => {
    expect(recordProgress(postgresDialect, 'weir_sink_progress')).toBe(
      'INSERT INTO "weir_sink_progress" ("writer_id", "checkpoint_id", "job_id", "sink_id", "subtask") ' +
        'VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    );
    expect(recordProgress(mysqlDialect, 'p')).toBe(
      'INSERT IGNORE INTO `p` (`writer_id`, `checkpoint_id`, `job_id`, `sink_id`, `subtask`) VALUES (?, ?, ?, ?, ?)',
    );
    expect(createProgressTable(mysqlDialect, 'p')).toMatch(
      /^CREATE TABLE IF NOT EXISTS `p` \(.*PRIMARY KEY \(writer_id, checkpoint_id\)\)$/,
    );
  });

  it('reads a range of the partition column; the first range also takes NULLs, open ends have no bound', () => {
    const query = 'SELECT id, v FROM t';
    expect(splitQuery(postgresDialect, query, 'id', { lower: undefined, upper: 10 })).toBe(
      'SELECT * FROM (SELECT id, v FROM t) weir_split WHERE weir_split."id" < 10 OR weir_split."id" IS NULL',
    );
    expect(splitQuery(mysqlDialect, query, 'id', { lower: 10, upper: 20.5 })).toBe(
      'SELECT * FROM (SELECT id, v FROM t) weir_split WHERE weir_split.`id` >= 10 AND weir_split.`id` < 20.5',
    );
    expect(splitQuery(postgresDialect, query, 'id', { lower: 20, upper: undefined })).toBe(
      'SELECT * FROM (SELECT id, v FROM t) weir_split WHERE weir_split."id" >= 20',
    );
    expect(splitQuery(postgresDialect, query, 'id', { lower: undefined, upper: undefined })).toBe(
      'SELECT * FROM (SELECT id, v FROM t) weir_split',
    );
  });

  it('binds undefined as NULL, and objects as JSON where the driver would not', () => {
    expect(postgresDialect.bindValue(undefined)).toBeNull();
    expect(mysqlDialect.bindValue(undefined)).toBeNull();
    expect(mysqlDialect.bindValue({ a: [1] })).toBe('{"a":[1]}');
    const date = new Date(0);
    expect(mysqlDialect.bindValue(date)).toBe(date);
  });

  it('retries transient errors only: connections, deadlocks, serialization failures', () => {
    const pg = (code: string) => Object.assign(new Error(code), { code });
    expect(postgresDialect.isTransient(pg('40001'))).toBe(true);
    expect(postgresDialect.isTransient(pg('40P01'))).toBe(true);
    expect(postgresDialect.isTransient(pg('08006'))).toBe(true);
    expect(postgresDialect.isTransient(pg('ECONNRESET'))).toBe(true);
    expect(postgresDialect.isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      postgresDialect.isTransient(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(postgresDialect.isTransient(pg('23505'))).toBe(false);
    expect(postgresDialect.isTransient(pg('42703'))).toBe(false);
    expect(mysqlDialect.isTransient(pg('ER_LOCK_DEADLOCK'))).toBe(true);
    expect(mysqlDialect.isTransient(pg('PROTOCOL_CONNECTION_LOST'))).toBe(true);
    expect(mysqlDialect.isTransient(pg('ER_DUP_ENTRY'))).toBe(false);
    expect(mysqlDialect.isTransient(pg('ER_BAD_FIELD_ERROR'))).toBe(false);
  });

  it('knows a table created by another session at the same moment from other duplicates', () => {
    const pg = (code: string, constraint?: string) => Object.assign(new Error(code), { code, constraint });
    expect(postgresDialect.isConcurrentCreate(pg('23505', 'pg_type_typname_nsp_index'))).toBe(true);
    expect(postgresDialect.isConcurrentCreate(pg('42P07'))).toBe(true);
    expect(postgresDialect.isConcurrentCreate(pg('42710'))).toBe(true);
    expect(postgresDialect.isConcurrentCreate(pg('23505', 'clicks_pkey'))).toBe(false);
    expect(postgresDialect.isConcurrentCreate(pg('42P01'))).toBe(false);
    expect(mysqlDialect.isConcurrentCreate(pg('ER_TABLE_EXISTS_ERROR'))).toBe(true);
    expect(mysqlDialect.isConcurrentCreate(pg('ER_DUP_ENTRY'))).toBe(false);
  });
});
