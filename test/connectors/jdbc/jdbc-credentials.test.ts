/**
 * Wrong passwords (issue 5, "Proof", bad input): a user with a password, on a PostgreSQL server that
 * checks passwords (a private one: the machine's trusts local connections) and on the machine's
 * MariaDB. The right password reads and writes; a wrong one fails the job at once (a refusal is not
 * transient, so no retry waits its back-off), naming the database with the password hidden.
 */
import { JobExecutionError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { jdbcSink, jdbcSource } from '@weir/connector-jdbc';
import { openTestDatabase, uniqueName, type TestDatabase } from '../../support/databases';
import { causeChain, timedFailure } from '../../support/failures';
import { PrivatePostgresServer } from '../../support/private-postgres-server';

const RIGHT = 'right-secret-1';
const WRONG = 'wrong-secret-2';
/** Longer than a refusal takes: a wrong password retried even once would show. */
const BACKOFF_MS = 3000;

interface Credentials {
  /** The database URL for a password. */
  url(password: string): string;
  /** Runs SQL as an administrator. */
  admin(sql: string): Promise<unknown>;
  /** How the server refuses the user. */
  refusal: RegExp;
  display: string;
  close(): Promise<void>;
}

async function postgres(user: string): Promise<Credentials> {
  const server = await PrivatePostgresServer.start();
  await server.query(`CREATE ROLE ${user} LOGIN PASSWORD '${RIGHT}'`);
  // The tables the test creates as the superuser are the user's to read and write.
  await server.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO ${user}`);
  return {
    url: (password) => server.url(user, password),
    admin: (sql) => server.query(sql),
    refusal: new RegExp(`password authentication failed for user "${user}"`),
    display: `postgres://${user}:***@127.0.0.1:${server.port}/postgres`,
    close: () => server.stop(),
  };
}

async function mariadb(user: string): Promise<Credentials> {
  const db: TestDatabase = await openTestDatabase('mariadb');
  await db.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${RIGHT}'`);
  await db.query(`GRANT ALL ON test.* TO '${user}'@'127.0.0.1'`);
  return {
    url: (password) => `mariadb://${user}:${password}@127.0.0.1:3306/test`,
    admin: (sql) => db.query(sql),
    refusal: new RegExp(`Access denied for user '${user}'@'(127\\.0\\.0\\.1|localhost)'`),
    display: `mariadb://${user}:***@127.0.0.1:3306/test`,
    close: async () => {
      await db.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`);
      await db.close();
    },
  };
}

describe.each([
  ['postgres', postgres],
  ['mariadb', mariadb],
] as const)('a %s user with a password', (_, open) => {
  const user = uniqueName('weir_user');
  const source = uniqueName('weir_src');
  const target = uniqueName('weir_dst');
  let db: Credentials;

  beforeAll(async () => {
    db = await open(user);
    await db.admin(`CREATE TABLE ${source} (id INTEGER PRIMARY KEY, name VARCHAR(20))`);
    await db.admin(`INSERT INTO ${source} VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
    await db.admin(`CREATE TABLE ${target} (id INTEGER PRIMARY KEY, name VARCHAR(20))`);
  }, 60_000);

  afterAll(async () => {
    await db.admin(`DROP TABLE IF EXISTS ${source}`);
    await db.admin(`DROP TABLE IF EXISTS ${target}`);
    await db.close();
  });

  /** Copies the source table into the target, reading and writing with these passwords: how it failed, and when. */
  function copy(readWith: string, writeWith: string): Promise<{ error: unknown; ms: number }> {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        jdbcSource({
          url: db.url(readWith),
          query: `SELECT id, name FROM ${source}`,
          map: (row) => ({ id: Number(row.id), name: String(row.name).toUpperCase() }),
          retryBackoffMs: BACKOFF_MS,
        }),
        WatermarkStrategy.noWatermarks(),
        'rows',
      )
      .sinkTo(
        jdbcSink({ url: db.url(writeWith), table: target, mode: 'upsert', key: ['id'], retryBackoffMs: BACKOFF_MS }),
      );
    return timedFailure(async () => (await env.execute('copy')).result());
  }

  it('reads and writes with the right password', async () => {
    expect((await copy(RIGHT, RIGHT)).error).toBeUndefined();
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    const rows = env
      .fromSource(
        jdbcSource({ url: db.url(RIGHT), query: `SELECT id, name FROM ${target}` }),
        WatermarkStrategy.noWatermarks(),
        'check',
      )
      .map((row) => `${String(row.id)}:${String(row.name)}`)
      .executeAndCollect();
    expect((await rows).sort()).toEqual(['1:ONE', '2:TWO', '3:THREE']);
  });

  it.each([
    ['source', WRONG, RIGHT, 'jdbcSource'],
    ['sink', RIGHT, WRONG, 'jdbcSink'],
  ])('fails the job at once on a wrong password for its %s, naming the database', async (_, read, write, where) => {
    const { error, ms } = await copy(read, write);
    expect(ms).toBeLessThan(BACKOFF_MS);
    expect(error).toBeInstanceOf(JobExecutionError);
    const chain = causeChain(error);
    expect(chain).toContain(`${where}: cannot connect to ${db.display}: `);
    expect(chain).toMatch(db.refusal);
    expect(chain).not.toContain(WRONG);
  });
});
