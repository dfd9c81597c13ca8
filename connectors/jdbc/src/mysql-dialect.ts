import { errorCode, NETWORK_ERROR_CODES, quoteQualified, type SqlDialect } from './sql-dialect';

/** mysql2's codes worth a retry: deadlock, lock wait timeout, a lost or killed connection. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
]);

/** MariaDB and MySQL. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  maxParameters: 65535,
  quoteIdentifier: (name) => quoteQualified(name, '`'),
  placeholder: () => '?',

  // mysql2 would expand an object into `key = value` pairs and an array into a list: send JSON.
  bindValue: (value) =>
    value === undefined
      ? null
      : typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)
        ? JSON.stringify(value)
        : value,

  upsertClause(columns, key) {
    const update = columns.filter((c) => !key.includes(c)).map((c) => this.quoteIdentifier(c));
    // Every column is part of the key: nothing to update, but the clause needs an assignment.
    const first = this.quoteIdentifier(key[0]);
    const assignments = update.length === 0 ? [`${first} = ${first}`] : update.map((c) => `${c} = VALUES(${c})`);
    return `ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`;
  },

  insertIgnoringDuplicates: (insert) => insert.replace(/^INSERT /, 'INSERT IGNORE '),
  timestampColumn: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP',

  isTransient(error) {
    const code = errorCode(error);
    return code !== undefined && (TRANSIENT_CODES.has(code) || NETWORK_ERROR_CODES.has(code));
  },

  isMissingTable: (error) => errorCode(error) === 'ER_NO_SUCH_TABLE',
  // A metadata lock serializes MariaDB's CREATEs; the later one finds the table and only warns.
  isConcurrentCreate: (error) => errorCode(error) === 'ER_TABLE_EXISTS_ERROR',
};
