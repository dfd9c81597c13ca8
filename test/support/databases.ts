/**
 * The machine's PostgreSQL and MariaDB for integration tests: used when they run, started (as the
 * machine's services are started) when they do not. Tests create tables with unique names and drop them.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createConnection, type Connection } from 'mysql2/promise';
import { isListening } from './ports';

export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const MARIADB_URL = 'mariadb://root@127.0.0.1:3306/test';

/** A table name no other test (or run) uses: `prefix_<time>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A plain connection for a test's own SQL, for either database. */
export interface TestDatabase {
  readonly url: string;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function openTestDatabase(kind: 'postgres' | 'mariadb'): Promise<TestDatabase> {
  if (kind === 'postgres') {
    await ensureListening(5432, () =>
      promisify(execFile)('pg_ctlcluster', [
        '--skip-systemctl-redirect',
        readdirSync('/etc/postgresql')[0],
        'main',
        'start',
      ]),
    );
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    return {
      url: POSTGRES_URL,
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
      close: () => client.end(),
    };
  }
  await ensureListening(3306, () =>
    promisify(execFile)('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']),
  );
  const connection: Connection = await createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    database: 'test',
  });
  return {
    url: MARIADB_URL,
    query: async <R>(sql: string, params?: unknown[]) => {
      const [rows] = await connection.query(sql, params);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    close: () => connection.end(),
  };
}

async function ensureListening(port: number, start: () => Promise<unknown>): Promise<void> {
  if (await isListening(port)) return;
  await start();
  const deadline = Date.now() + 20_000;
  while (!(await isListening(port))) {
    if (Date.now() > deadline) throw new Error(`Nothing listens on 127.0.0.1:${port} 20 s after starting it.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
