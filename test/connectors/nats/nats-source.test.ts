import { StreamExecutionEnvironment, WatermarkStrategy } from '@weir/api';
import { natsSink, natsSource, type JetStreamSplit } from '@weir/connector-nats';
import { linesFormat, SourceTestDriver, type Source } from '@weir/connector-sdk';
import { testStreams } from './jetstream';

interface Order {
  id: number;
  item: string;
}

type Driver<T> = SourceTestDriver<T, JetStreamSplit, JetStreamSplit[]>;

/** Polls the readers until every one ended, or `until` holds, waiting for their fetches between rounds. */
async function drive<T>(driver: Driver<T>, until: () => boolean = () => false, timeoutMs = 20_000): Promise<void> {
  const ended = driver.readers.map(() => false);
  const deadline = Date.now() + timeoutMs;
  while (!ended.every(Boolean) && !until()) {
    if (Date.now() > deadline) throw new Error(`readers still running after ${timeoutMs} ms`);
    for (let subtask = 0; subtask < ended.length; subtask++) {
      if (!ended[subtask] && driver.poll(subtask) === 'end-of-input') ended[subtask] = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('natsSource', () => {
  const streams = testStreams();
  const stream = () => streams.create();

  it('runs a job from one stream into another: bounded, every message once, in order', async () => {
    const input = await stream();
    const output = await stream();
    const orders: Order[] = Array.from({ length: 5000 }, (_, id) => ({ id, item: `item-${id % 7}` }));
    await input.publish(`${input.prefix}.orders`, orders);

    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env
      .fromSource(
        natsSource<Order>({ servers: input.servers, stream: input.name, bounded: true }),
        WatermarkStrategy.noWatermarks(),
        'orders',
      )
      .map((order) => ({ ...order, item: order.item.toUpperCase() }))
      .sinkTo(natsSink({ servers: output.servers, subject: `${output.prefix}.upper`, batchSize: 400 }));
    await (await env.execute('nats copy')).result();

    const written = await output.messages();
    expect(written.map((m) => m.value)).toEqual(orders.map((o) => ({ ...o, item: o.item.toUpperCase() })));
    expect(new Set(written.map((m) => m.subject))).toEqual(new Set([`${output.prefix}.upper`]));
  });

  it('bounded: reads up to the stream’s last message when it starts, not what comes after', async () => {
    const s = await stream();
    await s.publish(
      `${s.prefix}.a`,
      Array.from({ length: 100 }, (_, i) => i),
    );
    const driver: Driver<number> = new SourceTestDriver(
      natsSource<number>({ servers: s.servers, stream: s.name, bounded: true, fetchSize: 30 }),
      { parallelism: 1 },
    );
    await drive(driver, () => driver.outputs[0].length > 0);
    await s.publish(`${s.prefix}.a`, [100, 101, 102]);
    await drive(driver);
    expect(driver.outputs[0]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    driver.close();
  });

  it('snapshots the stream sequence and resumes after it: no message lost or repeated', async () => {
    const s = await stream();
    await s.publish(
      `${s.prefix}.a`,
      Array.from({ length: 3000 }, (_, i) => i),
    );
    const source: Source<number, JetStreamSplit, JetStreamSplit[]> = natsSource<number>({
      servers: s.servers,
      stream: s.name,
      bounded: true,
      fetchSize: 250,
    });
    const first: Driver<number> = new SourceTestDriver(source, { parallelism: 1 });
    await drive(first, () => first.outputs[0].length >= 1000);
    const [split] = first.readers[0].snapshotState(1);
    const before = first.outputs[0].slice();
    expect(split.position).toBe(before.length + 1);
    expect(split.end).toBe(3000);
    first.close();

    const restored: Driver<number> = new SourceTestDriver(source, {
      parallelism: 1,
      readerSplits: [[split]],
      enumeratorCheckpoint: [],
    });
    await drive(restored);
    expect([...before, ...restored.outputs[0]]).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    restored.close();
  });

  it('unbounded: delivers messages published while it runs, split by subject across two readers', async () => {
    const s = await stream();
    const subjects = [`${s.prefix}.left`, `${s.prefix}.right`];
    const driver: Driver<string> = new SourceTestDriver(
      natsSource({ servers: s.servers, stream: s.name, subjects, format: linesFormat() }),
      { parallelism: 2 },
    );
    await drive(driver, () => driver.assignments.length === 2, 5000);
    expect(driver.assignments.map((a) => a.subtask).sort()).toEqual([0, 1]);
    expect(driver.assignments.flatMap((a) => a.splitIds).sort()).toEqual(
      subjects.map((subject) => `${s.name}:${subject}`),
    );
    const left = Array.from({ length: 500 }, (_, i) => `left ${i}`);
    const right = Array.from({ length: 500 }, (_, i) => `right ${i}`);
    await s.publish(subjects[0], left);
    await s.publish(subjects[1], right);
    await drive(driver, () => driver.outputs.flat().length >= 1000);
    // Each reader has one subject, in order (lines of JSON strings, as published).
    const bySubject = driver.outputs.map((out) => out.map((line) => JSON.parse(line) as string));
    expect(bySubject.find((out) => out[0]?.startsWith('left'))).toEqual(left);
    expect(bySubject.find((out) => out[0]?.startsWith('right'))).toEqual(right);
    driver.close();
  });

  it('fails with a message naming a stream that does not exist, and a malformed message’s sequence', async () => {
    const s = await stream();
    const missing: Driver<unknown> = new SourceTestDriver(
      natsSource({ servers: s.servers, stream: `${s.name}_NOPE`, bounded: true }),
      { parallelism: 1 },
    );
    await expect(drive(missing)).rejects.toThrow(
      `natsSource: reading stream '${s.name}_NOPE' failed: stream '${s.name}_NOPE' does not exist`,
    );
    missing.close();

    await s.publish(`${s.prefix}.a`, [1]);
    const js = (await import('nats')).connect({ servers: s.servers });
    const connection = await js;
    await connection.jetstream().publish(`${s.prefix}.a`, new TextEncoder().encode('{not json'));
    await connection.close();
    const malformed: Driver<unknown> = new SourceTestDriver(
      natsSource({ servers: s.servers, stream: s.name, bounded: true }),
      { parallelism: 1 },
    );
    await expect(drive(malformed)).rejects.toThrow(
      new RegExp(`natsSource: malformed JSON record in stream '${s.name}' at sequence 2 \\(subject '${s.prefix}.a'\\)`),
    );
    malformed.close();
  });

  it('refuses bad options, naming the field', () => {
    expect(() => natsSource({ stream: 'S' } as never)).toThrow(/natsSource: invalid options: 'servers'/);
    expect(() => natsSource({ servers: 'nats://127.0.0.1:4222', stream: 'a.b' })).toThrow(
      /natsSource: 'stream' must be a stream's name/,
    );
    expect(() => natsSource({ servers: 'nats://127.0.0.1:4222', stream: 'S', startSequence: 0 })).toThrow(
      /'startSequence' must not be less than 1/,
    );
    expect(() => natsSource({ servers: 'nats://127.0.0.1:4222', stream: 'S', format: 'json' as never })).toThrow(
      /'format' must be a format from @weir\/connector-sdk/,
    );
  });
});
