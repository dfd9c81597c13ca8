import { BatchingSinkWriter } from './batching-sink-writer';

/** Sends to an array after a turn of the event loop, failing on a chosen record. */
class ArrayWriter extends BatchingSinkWriter<number> {
  readonly batches: number[][] = [];
  closed = false;

  constructor(
    batchSize: number,
    private readonly failOn?: number,
  ) {
    super(batchSize);
  }

  protected async sendBatch(records: number[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failOn !== undefined && records.includes(this.failOn)) throw new Error(`cannot send ${this.failOn}`);
    this.batches.push(records);
  }

  protected async closeClient(): Promise<void> {
    this.closed = true;
  }
}

describe('BatchingSinkWriter', () => {
  it('sends full batches as they fill, the rest on flush, in order', async () => {
    const writer = new ArrayWriter(3);
    for (let i = 1; i <= 7; i++) writer.write(i);
    expect(writer.batches).toEqual([]);
    await writer.flush();
    expect(writer.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    await writer.close();
    expect(writer.closed).toBe(true);
  });

  it('fails the flush and the next write after a batch failed, and sends nothing after it', async () => {
    const writer = new ArrayWriter(2, 3);
    for (let i = 1; i <= 6; i++) writer.write(i);
    await expect(writer.flush()).rejects.toThrow('cannot send 3');
    expect(writer.batches).toEqual([[1, 2]]);
    expect(() => writer.write(7)).toThrow('cannot send 3');
  });

  it('back-pressures once two batches are out, until the oldest is done', async () => {
    const writer = new ArrayWriter(2);
    writer.write(1);
    writer.write(2);
    expect(writer.backPressure()).toBeUndefined();
    writer.write(3);
    writer.write(4);
    const waiting = writer.backPressure();
    expect(waiting).toBeInstanceOf(Promise);
    await waiting;
    expect(writer.batches).toEqual([[1, 2]]);
    expect(writer.backPressure()).toBeUndefined();
    await writer.flush();
    expect(writer.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
