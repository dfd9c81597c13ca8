import type { JdbcUrl } from './jdbc-url';
import { mysqlDialect } from './mysql-dialect';
import { postgresDialect } from './postgres-dialect';
import type { SqlDialect } from './sql-dialect';

export function dialectOf(url: JdbcUrl): SqlDialect {
  return url.dialect === 'postgres' ? postgresDialect : mysqlDialect;
}
