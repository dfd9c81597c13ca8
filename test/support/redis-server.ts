/**
 * The machine's Redis for integration tests: used when it is running, started (as the machine's
 * service would start it) when it is not.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isListening, untilListening } from './service-port';

export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

/** Resolves once Redis accepts connections on 127.0.0.1:6379, starting it first if need be. */
export async function ensureRedisServer(): Promise<string> {
  if (await isListening(REDIS_HOST, REDIS_PORT)) return REDIS_URL;
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
  await untilListening('Redis', REDIS_HOST, REDIS_PORT);
  return REDIS_URL;
}
