/**
 * Wrong credentials for NATS (issue 5, "Proof", bad input), on a server of the test's own that asks
 * for a user and password. The right password reads and writes a JetStream stream; a wrong one fails
 * the source's job and the sink at once (a refusal is not retried: it would be refused again), naming
 * the server and the user, never the password.
 */
import { JobExecutionError, StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { natsSink, natsSource } from '@weir/connector-nats';
import type { SinkWriterContext } from '@weir/connector-sdk';
import { connect, type NatsConnection } from 'nats';
import { causeChain, timedFailure } from '../../support/failures';
import { PrivateNatsServer } from '../../support/private-nats-server';

const USER = 'weir';
const RIGHT = 'right-secret-1';
const WRONG = 'wrong-secret-2';
/** Longer than a refusal takes: a wrong password tried again even once would show. */
const RECONNECT_WAIT_MS = 2000;
const writerContext: SinkWriterContext = { subtaskIndex: 0, parallelism: 1, taskName: 'test sink', sendToClient() {} };

let server: PrivateNatsServer;
let admin: NatsConnection;

beforeAll(async () => {
  server = await PrivateNatsServer.start(USER, RIGHT);
  admin = await connect({ servers: server.url, user: USER, pass: RIGHT });
  const jsm = await admin.jetstreamManager();
  await jsm.streams.add({ name: 'CLICKS', subjects: ['clicks.>'] });
  await jsm.streams.add({ name: 'COPIES', subjects: ['copies.>'] });
}, 30_000);

afterAll(async () => {
  await admin.close();
  await server.stop();
});

const options = (pass: string) => ({ servers: server.url, user: USER, pass, reconnectTimeWaitMs: RECONNECT_WAIT_MS });

describe('NATS with a user and password', () => {
  it('writes and reads a stream with the right password', async () => {
    const writer = natsSink({ ...options(RIGHT), subject: 'clicks.home' }).createWriter(writerContext);
    for (let n = 1; n <= 100; n++) writer.write({ n }, undefined);
    await writer.flush(true);
    await writer.close();

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        natsSource<{ n: number }>({ ...options(RIGHT), stream: 'CLICKS', bounded: true }),
        WatermarkStrategy.noWatermarks(),
        'clicks',
      )
      .map((click) => ({ n: click.n * 2 }))
      .sinkTo(natsSink({ ...options(RIGHT), subject: 'copies.doubled' }));
    await (await env.execute('nats copy')).result();
    const copies = await (await admin.jetstreamManager()).streams.info('COPIES');
    expect(copies.state.messages).toBe(100);
  });

  it('fails a sink at once on a wrong password, naming the server and the user', async () => {
    const writer = natsSink({ ...options(WRONG), subject: 'clicks.home' }).createWriter(writerContext);
    writer.write({ n: 1 }, undefined);
    const { error, ms } = await timedFailure(() => writer.flush(true));
    expect(ms).toBeLessThan(RECONNECT_WAIT_MS);
    const message = causeChain(error);
    expect(message).toContain(
      `weir natsSink 0: NATS at ${server.url} ('servers') refused 'user' ${USER} and 'pass': 'Authorization Violation'`,
    );
    expect(message).not.toContain(WRONG);
    await writer.close();
  });

  it("fails a source's job at once on a wrong password", async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        natsSource<{ n: number }>({ ...options(WRONG), stream: 'CLICKS', bounded: true }),
        WatermarkStrategy.noWatermarks(),
        'clicks',
      )
      .print();
    const { error, ms } = await timedFailure(async () => (await env.execute('wrong password')).result());
    expect(ms).toBeLessThan(RECONNECT_WAIT_MS);
    expect(error).toBeInstanceOf(JobExecutionError);
    const message = causeChain(error);
    expect(message).toMatch(
      new RegExp(`NATS at ${server.url} \\('servers'\\) refused 'user' ${USER} and 'pass': 'Authorization Violation'`),
    );
    expect(message).not.toContain(WRONG);
  });
});
