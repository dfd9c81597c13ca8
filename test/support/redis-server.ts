/**
 * The machine's Redis for integration tests: used when it is running, started (as the machine's
 * service would start it) when it is not.
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

/** Resolves once Redis accepts connections on 127.0.0.1:6379, starting it first if need be. */
export async function ensureRedisServer(): Promise<string> {
  if (await isListening()) return REDIS_URL;
  await promisify(execFile)('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    REDIS_HOST,
    '--port',
    String(REDIS_PORT),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const deadline = Date.now() + 10_000;
  while (!(await isListening())) {
    if (Date.now() > deadline)
      throw new Error(`Redis did not start listening on ${REDIS_HOST}:${REDIS_PORT} within 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return REDIS_URL;
}

function isListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(REDIS_PORT, REDIS_HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
