import { RecordingTransport } from '../testing/recording-transport';
import { decodeBatch } from './batch-codec';
import { OutputChannel, type BufferConfig } from './output-channel';

const receiver = { vertex: 2, subtask: 0 };
const both = (config: BufferConfig) => ({ local: config, remote: config });

describe('OutputChannel', () => {
  it('sends a batch when it is full, numbered in order', () => {
    const transport = new RecordingTransport(true);
    const channel = new OutputChannel(transport, receiver, 3, both({ batchSize: 2, initialCredits: 4 }));
    channel.add('a', 1);
    expect(transport.sent).toHaveLength(0);
    channel.add('b', 2);
    channel.add('c', 3);
    channel.flush();
    expect(transport.sent).toEqual([
      { channel: 3, seq: 0, event: { kind: 'records', values: ['a', 'b'], timestamps: [1, 2] } },
      { channel: 3, seq: 1, event: { kind: 'records', values: ['c'], timestamps: [3] } },
    ]);
  });

  it('holds batches back without credit, keeps events behind them, and resumes on credit', () => {
    const transport = new RecordingTransport(true);
    const channel = new OutputChannel(transport, receiver, 0, both({ batchSize: 1, initialCredits: 1 }));
    channel.add(1, 0);
    channel.add(2, 0);
    channel.sendEvent({ kind: 'watermark', watermark: 5 });
    expect(transport.sent.map((s) => s.event.kind)).toEqual(['records']);
    expect(channel.isBackPressured).toBe(true);
    channel.addCredits(1);
    expect(transport.sent.map((s) => s.event)).toEqual([
      { kind: 'records', values: [1], timestamps: [0] },
      { kind: 'records', values: [2], timestamps: [0] },
      { kind: 'watermark', watermark: 5 },
    ]);
    expect(channel.isBackPressured).toBe(false);
    expect(transport.sent.map((s) => s.seq)).toEqual([0, 1, 2]);
  });

  it('encodes batches for another thread, and they decode to the same records', () => {
    const transport = new RecordingTransport(false);
    const channel = new OutputChannel(transport, receiver, 0, both({ batchSize: 10, initialCredits: 1 }));
    const records = [{ a: 1, b: 'x', when: new Date(5), big: 10n }, [1, 2], 'text', undefined, null];
    records.forEach((r, i) => channel.add(r, i === 0 ? Number.NEGATIVE_INFINITY : i));
    channel.flush();
    const event = transport.sent[0].event;
    expect(event.kind).toBe('encoded-records');
    const { values, timestamps } = decodeBatch((event as { bytes: Uint8Array }).bytes);
    expect(values).toEqual(records);
    expect(Array.from(timestamps)).toEqual([Number.NEGATIVE_INFINITY, 1, 2, 3, 4]);
  });
});

describe('OutputChannel.groupByReceiver', () => {
  it("sends a sibling's partial batch ahead of a full one to the same receiver, and leaves other receivers alone", () => {
    const transport = new RecordingTransport(true);
    const config = both({ batchSize: 3, initialCredits: 4 });
    const sparse = new OutputChannel(transport, receiver, 0, config);
    const busy = new OutputChannel(transport, receiver, 1, config);
    const elsewhere = new OutputChannel(transport, { vertex: 2, subtask: 1 }, 0, config);
    OutputChannel.groupByReceiver([sparse, busy, elsewhere]);
    sparse.add('auction', 1);
    elsewhere.add('other', 1);
    busy.add('bid-1', 2);
    busy.add('bid-2', 3);
    expect(transport.sent).toHaveLength(0);
    busy.add('bid-3', 4);
    expect(transport.sent.map(({ channel, event }) => [channel, event])).toEqual([
      [0, { kind: 'records', values: ['auction'], timestamps: [1] }],
      [1, { kind: 'records', values: ['bid-1', 'bid-2', 'bid-3'], timestamps: [2, 3, 4] }],
    ]);
    expect(elsewhere.hasBufferedRecords).toBe(true);
  });
});
