import { errorCode, NETWORK_ERROR_CODES, quoteQualified, type SqlDialect } from './sql-dialect';

/** SQLSTATEs worth a retry besides class 08 (connection exceptions): serialization failure, deadlock, shutdown. */
const TRANSIENT_STATES: ReadonlySet<string> = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);

/** A table created twice at once: the catalog's unique names, or the relation or its row type found there. */
const CATALOG_NAME_INDEXES: ReadonlySet<string> = new Set(['pg_type_typname_nsp_index', 'pg_class_relname_nsp_index']);
const DUPLICATE_STATES: ReadonlySet<string> = new Set(['42P07', '42710']);

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  maxParameters: 65535,
  quoteIdentifier: (name) => quoteQualified(name, '"'),
  placeholder: (index) => `$${index}`,

  // pg sends Dates, Buffers and objects (as JSON) itself.
  bindValue: (value) => (value === undefined ? null : value),

  upsertClause(columns, key) {
    const update = columns.filter((c) => !key.includes(c)).map((c) => this.quoteIdentifier(c));
    const action =
      update.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${update.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
    return `ON CONFLICT (${key.map((c) => this.quoteIdentifier(c)).join(', ')}) ${action}`;
  },

  insertIgnoringDuplicates: (insert) => `${insert} ON CONFLICT DO NOTHING`,
  timestampColumn: 'TIMESTAMPTZ NOT NULL DEFAULT now()',

  columnTypesQuery(table) {
    return {
      sql:
        'SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a ' +
        'WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped',
      params: [this.quoteIdentifier(table)],
    };
  },

  isTransient(error) {
    const code = errorCode(error);
    // pg reports a socket closed under it without a code, and so a query on a client whose socket broke.
    if (code === undefined)
      return /Connection terminated|connection timeout|has encountered a connection error/i.test(String(error));
    return code.startsWith('08') || TRANSIENT_STATES.has(code) || NETWORK_ERROR_CODES.has(code);
  },

  isMissingTable: (error) => errorCode(error) === '42P01',

  isConcurrentCreate(error) {
    const code = errorCode(error);
    if (code === '23505') return CATALOG_NAME_INDEXES.has(String((error as { constraint?: unknown }).constraint));
    return code !== undefined && DUPLICATE_STATES.has(code);
  },
};
