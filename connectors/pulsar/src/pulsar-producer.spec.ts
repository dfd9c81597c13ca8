import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { jsonFormat } from '@weir/connector-sdk';
import { PulsarProducer } from './pulsar-producer';
import { pulsarSink } from './pulsar-sink';
import type { PulsarProducerSettings } from './pulsar-sink-settings';
import { parseTopic } from './pulsar-topic';

// A broker that stops answering is a failure a real one cannot be made to show on demand: these
// servers accept the producer's connection and then stay silent, at the two places it waits.
describe('PulsarProducer deadlines', () => {
  const topic = parseTopic('silent', 'pulsarSink', 'topic');
  const settingsAt = (port: number, sendTimeoutMs = 300): PulsarProducerSettings => ({
    webSocketBase: `ws://127.0.0.1:${port}/ws/v2`,
    topic,
    batchSize: 10,
    sendTimeoutMs,
  });
  const portOf = (server: WebSocketServer | Server): number => (server.address() as AddressInfo).port;

  /** A WebSocket server on a free port that hands each message it receives to `onMessage`. */
  const webSocketServer = async (onMessage: (socket: WebSocket, data: string) => void): Promise<WebSocketServer> => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    server.on('connection', (socket) => socket.on('message', (data) => onMessage(socket, String(data))));
    return server;
  };

  it('fails a send the broker never acknowledges, naming the topic and the field', async () => {
    const received: string[] = [];
    const server = await webSocketServer((_socket, data) => received.push(data));
    try {
      const producer = await PulsarProducer.open(settingsAt(portOf(server)), topic);
      const sent = producer.send([{ payload: 'YQ==' }, { payload: 'Yg==' }]);
      await expect(sent).rejects.toThrow(
        "pulsarSink: the broker did not acknowledge 2 messages to 'persistent://public/default/silent' within 300 ms (field 'sendTimeoutMs').",
      );
      expect(received).toHaveLength(2);
      // The producer stays failed: a later send does not wait again.
      await expect(producer.send([{ payload: 'Yw==' }])).rejects.toThrow('within 300 ms');
    } finally {
      server.close();
    }
  });

  it('acknowledged sends clear their deadline', async () => {
    const server = await webSocketServer((socket, data) => {
      const { context } = JSON.parse(data) as { context: string };
      socket.send(JSON.stringify({ result: 'ok', context, messageId: 'CAAQAA==' }));
    });
    try {
      // A deadline no loaded machine misses for a local answer, then a wait past it.
      const producer = await PulsarProducer.open(settingsAt(portOf(server), 1_000), topic);
      await producer.send([{ payload: 'YQ==' }]);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await expect(producer.send([{ payload: 'Yg==' }])).resolves.toBeUndefined();
      producer.close();
    } finally {
      server.close();
    }
  });

  it('fails an opening the broker never answers', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await expect(PulsarProducer.open(settingsAt(portOf(server)), topic)).rejects.toThrow(
        /pulsarSink: cannot open a producer of 'persistent:\/\/public\/default\/silent' .*timed out/,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('takes only a positive whole number of milliseconds as the deadline', () => {
    const options = { webServiceUrl: 'http://127.0.0.1:8080', topic: 'counts', format: jsonFormat() };
    expect(() => pulsarSink({ ...options, sendTimeoutMs: 0 })).toThrow(/'sendTimeoutMs' must not be less than 1/);
    expect(() => pulsarSink({ ...options, sendTimeoutMs: 1.5 })).toThrow(/'sendTimeoutMs' must be an integer/);
  });
});
