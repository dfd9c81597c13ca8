/**
 * A PostgreSQL server of a test's own that checks passwords (scram-sha-256): the machine's server
 * trusts every local connection, so a wrong password could not fail there. Made with the machine's
 * PostgreSQL binaries (initdb, pg_ctl) in a temporary directory, on a free port.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './ports';

const BIN = `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql')[0]}/bin`;
const SUPERUSER_PASSWORD = 'weir-superuser-secret';

export class PrivatePostgresServer {
  private constructor(
    private readonly directory: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgresServer> {
    const directory = mkdtempSync(join(tmpdir(), 'weir-pg-'));
    const passwordFile = join(directory, 'password');
    writeFileSync(passwordFile, SUPERUSER_PASSWORD);
    if (userInfo().uid === 0) {
      const { uid, gid } = await postgresIds();
      chownSync(directory, uid, gid);
      chownSync(passwordFile, uid, gid);
    }
    const port = await freePort();
    const server = new PrivatePostgresServer(directory, port);
    await server.run('initdb', ['-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${passwordFile}`]);
    const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1`;
    try {
      await server.run('pg_ctl', ['-w', '-t', '20', '-o', options, '-l', join(directory, 'log'), 'start']);
    } catch (error) {
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  /** A URL with the given credentials, on the server's `postgres` database. */
  url(user: string, password: string): string {
    return `postgres://${user}:${password}@127.0.0.1:${this.port}/postgres`;
  }

  /** Runs SQL as the superuser. */
  async query(sql: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres', SUPERUSER_PASSWORD) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.run('pg_ctl', ['-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** A PostgreSQL program on the data directory; they refuse to run as root, so root runs them as postgres. */
  private async run(program: string, args: string[]): Promise<void> {
    const command = [`${BIN}/${program}`, '-D', join(this.directory, 'data'), ...args];
    const [file, ...rest] = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--', ...command] : command;
    await promisify(execFile)(file, rest, { timeout: 60_000 });
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await promisify(execFile)('id', ['postgres']);
  const [, uid, gid] = /uid=(\d+).*gid=(\d+)/.exec(stdout)!;
  return { uid: Number(uid), gid: Number(gid) };
}
