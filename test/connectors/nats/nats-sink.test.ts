import { natsSink, NatsModule, type NatsCommittable } from '@weir/connector-nats';
import { csvFormat, startConnectors, type SinkWriterContext, type TwoPhaseCommittingSink } from '@weir/connector-sdk';
import { testStreams } from './jetstream';

const writerContext = (subtaskIndex: number): SinkWriterContext => ({
  subtaskIndex,
  parallelism: 2,
  taskName: 'nats sink',
  sendToClient() {},
});

describe('natsSink', () => {
  const streams = testStreams();
  const stream = () => streams.create();

  it('exactly-once: a replayed commit is de-duplicated by JetStream through its message ids', async () => {
    const s = await stream();
    const sink = natsSink<{ n: number }>({
      servers: s.servers,
      subject: `${s.prefix}.out`,
      deliveryGuarantee: 'exactly-once',
    }) as TwoPhaseCommittingSink<{ n: number }, NatsCommittable>;
    expect(sink.twoPhaseCommit).toBe(true);
    const writers = [sink.createWriter(writerContext(0)), sink.createWriter(writerContext(1))];
    for (let n = 0; n < 300; n++) writers[n % 2].write({ n }, undefined);
    await writers[0].flush(false);
    // Nothing is published before the checkpoint completes.
    expect(await s.count()).toBe(0);
    const checkpoint5 = [...(await writers[0].prepareCommit(5)), ...(await writers[1].prepareCommit(5))];
    writers[0].write({ n: 300 }, undefined);
    const checkpoint6 = await writers[0].prepareCommit(6);

    const ctx = { jobId: 'job-a', operatorUid: 'sink-1', subtaskIndex: 0, parallelism: 1, taskName: 'nats sink' };
    const committer = sink.createCommitter(ctx);
    await committer.commit(checkpoint5);
    expect(await s.count()).toBe(300);
    // The same commit again, then after a restart with the next checkpoint too.
    await committer.commit(checkpoint5);
    await committer.close();
    const restarted = sink.createCommitter(ctx);
    await restarted.commit([...checkpoint5, ...checkpoint6]);
    await restarted.commit(checkpoint6);
    await restarted.close();

    const messages = await s.messages();
    expect(messages).toHaveLength(301);
    expect(messages.map((m) => (m.value as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 301 }, (_, n) => n),
    );
    const writerOf = (c: NatsCommittable) => c.writerId;
    expect(messages[0].msgId).toBe(`${writerOf(checkpoint5[0])}/5/0`);
    expect(messages[300].msgId).toBe(`${writerOf(checkpoint6[0])}/6/0`);
    // A fresh run's writer starts its checkpoints at 1 again: its commits are new messages, not replays.
    const fresh = sink.createWriter(writerContext(0));
    fresh.write({ n: 301 }, undefined);
    const freshCheckpoint5 = await fresh.prepareCommit(5);
    const other = sink.createCommitter({ ...ctx, jobId: 'job-b' });
    await other.commit(freshCheckpoint5);
    await other.close();
    expect(await s.count()).toBe(302);
  });

  it('at-least-once: publishes in batches with the given format, each acked before the flush returns', async () => {
    const s = await stream();
    const writer = natsSink<string[]>({
      servers: s.servers,
      subject: `${s.prefix}.csv`,
      format: csvFormat(),
      batchSize: 64,
    }).createWriter(writerContext(0));
    for (let i = 0; i < 1000; i++) writer.write([`row ${i}`, String(i)], undefined);
    await writer.flush(true);
    expect(await s.count()).toBe(1000);
    await writer.close();
  });

  it('fails naming the subject when no stream takes it, and a server that is not there', async () => {
    const s = await stream();
    const writer = natsSink({ servers: s.servers, subject: 'weir.nowhere.at.all' }).createWriter(writerContext(0));
    writer.write({ x: 1 }, undefined);
    await expect(Promise.resolve(writer.flush(true))).rejects.toThrow(
      "natsSink: publishing to subject 'weir.nowhere.at.all' failed: no stream takes the subject (503 no responders)",
    );
    await writer.close();

    const unreachable = natsSink({
      servers: 'nats://127.0.0.1:1',
      subject: 'x.y',
      maxReconnectAttempts: 3,
      reconnectTimeWaitMs: 100,
    }).createWriter(writerContext(0));
    unreachable.write({ x: 1 }, undefined);
    const started = Date.now();
    await expect(Promise.resolve(unreachable.flush(true))).rejects.toThrow(
      /weir natsSink 0: cannot connect to NATS at nats:\/\/127.0.0.1:1 \('servers'\), tried 4 times \('maxReconnectAttempts'\)/,
    );
    // Three pauses of 100 ms between the tries: it gave up after the limit, not before.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await unreachable.close();
  });

  it('refuses bad options, naming the field', () => {
    expect(() => natsSink({ servers: 'nats://127.0.0.1:4222' } as never)).toThrow(
      /natsSink: invalid options: 'subject'/,
    );
    expect(() => natsSink({ servers: 'nats://127.0.0.1:4222', subject: 'orders.*' })).toThrow(
      /'subject' must be a subject to publish to, without wildcards/,
    );
    expect(() =>
      natsSink({ servers: 'nats://127.0.0.1:4222', subject: 'a', deliveryGuarantee: 'exactly' as never }),
    ).toThrow(/'deliveryGuarantee'/);
  });

  it('NatsModule registers the nats source and sink, with the module’s servers as their default', async () => {
    const s = await stream();
    const connectors = await startConnectors([NatsModule.forRoot({ servers: s.servers })]);
    try {
      expect(connectors.registry.sourceNames()).toContain('nats');
      // A format named in configuration.
      const writer = connectors.registry
        .createSink('nats', { subject: `${s.prefix}.module`, format: 'json' })
        .createWriter(writerContext(0));
      writer.write({ via: 'module' }, undefined);
      await writer.flush(true);
      await writer.close();
      expect((await s.messages()).map((m) => m.value)).toEqual([{ via: 'module' }]);
      expect(() => connectors.registry.createSource('nats', {})).toThrow(/natsSource: invalid options: 'stream'/);
      expect(() => connectors.registry.createSource('nats', { stream: 'S', format: 'xml' })).toThrow(
        "nats connector: 'format' must be one of json, lines, csv, raw or a format object, not 'xml'.",
      );
    } finally {
      await connectors.close();
    }
    expect(() => NatsModule.forRoot({ servers: 42 as never })).toThrow(
      /nats connector module: invalid options: 'servers'/,
    );
  });
});
