/**
 * The machine's NATS server for integration tests: used when it is running, started (as the
 * machine's service would start it) when it is not.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isListening, untilListening } from './service-port';

export const NATS_HOST = '127.0.0.1';
export const NATS_PORT = 4222;
export const NATS_URL = `nats://${NATS_HOST}:${NATS_PORT}`;

/** Resolves once NATS accepts connections on 127.0.0.1:4222, starting it first if need be. */
export async function ensureNatsServer(): Promise<string> {
  if (await isListening(NATS_HOST, NATS_PORT)) return NATS_URL;
  await promisify(execFile)('start-stop-daemon', [
    '--start',
    '--oknodo',
    '--background',
    '--exec',
    '/usr/sbin/nats-server',
    '--',
    '-a',
    NATS_HOST,
    '-p',
    String(NATS_PORT),
    '-js',
    '-sd',
    '/var/lib/nats-server',
    '-l',
    '/var/log/nats-server.log',
  ]);
  await untilListening('NATS', NATS_HOST, NATS_PORT);
  return NATS_URL;
}
