/** Whether a machine service (NATS, Redis) answers on its port, and waiting until it does. */
import { connect } from 'node:net';

export function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once `host:port` accepts connections; fails naming the service after `timeoutMs`. */
export async function untilListening(service: string, host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isListening(host, port))) {
    if (Date.now() > deadline)
      throw new Error(`${service} did not start listening on ${host}:${port} within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
