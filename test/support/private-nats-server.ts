/**
 * A NATS server (with JetStream) of a test's own, on a free port, that asks for a user and password:
 * the machine's server on 4222 has no authorization, so credentials could not be refused there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isListening } from './ports';

export class PrivateNatsServer {
  private constructor(
    private readonly process: ChildProcess,
    private readonly directory: string,
    readonly url: string,
  ) {}

  static async start(user: string, pass: string): Promise<PrivateNatsServer> {
    const port = await freePort();
    const directory = mkdtempSync(join(tmpdir(), 'weir-nats-'));
    const child = spawn(
      '/usr/sbin/nats-server',
      ['-a', '127.0.0.1', '-p', String(port), '--user', user, '--pass', pass, '-js', '-sd', directory],
      { stdio: 'ignore' },
    );
    const server = new PrivateNatsServer(child, directory, `nats://127.0.0.1:${port}`);
    const deadline = Date.now() + 10_000;
    while (!(await isListening(port))) {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`nats-server did not listen on port ${port} within 10 s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGKILL');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
