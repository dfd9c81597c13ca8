/**
 * A sink slower than its input holds the job back rather than buffering: a BatchingSinkWriter
 * back-pressures its task, the task takes no more input, and credits stop the source.
 */
import { StreamExecutionEnvironment } from '@weir/api';
import { BatchingSinkWriter, type Sink } from '@weir/connector-sdk';

const BATCH = 100;

/** Sends a batch in 2 ms, and records the most records it ever held (buffered and in flight). */
class SlowWriter extends BatchingSinkWriter<number> {
  static mostHeld = 0;
  static written = 0;
  private held = 0;

  constructor() {
    super(BATCH);
  }

  override write(value: number): void {
    super.write(value);
    this.held++;
    SlowWriter.mostHeld = Math.max(SlowWriter.mostHeld, this.held);
  }

  protected async sendBatch(records: number[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.held -= records.length;
    SlowWriter.written += records.length;
  }

  protected async closeClient(): Promise<void> {}
}

it('a slow batching sink back-pressures the job: it never holds more than a few batches', async () => {
  const sink: Sink<number> = { createWriter: () => new SlowWriter() };
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
  env.fromSequence(1, 20_000).sinkTo(sink);
  await (await env.execute('slow sink')).result();
  expect(SlowWriter.written).toBe(20_000);
  // Two batches out and one filling, plus at most one delivery of records past the check.
  expect(SlowWriter.mostHeld).toBeLessThanOrEqual(3 * BATCH + 1000);
});
