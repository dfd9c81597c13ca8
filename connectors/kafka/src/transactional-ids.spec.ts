import { abortFrom, TransactionalIds } from './transactional-ids';

/**
 * Kafka's transaction coordinator as far as InitProducerId goes: each call on a transactional id
 * bumps its epoch, fencing its producer and aborting its open transaction; an id it has never seen
 * gets epoch 0, and so does one whose epoch would pass 32,766 (it gets a new producer id instead).
 */
class TransactionCoordinator {
  private readonly epochs = new Map<string, number>();
  readonly open = new Set<string>();
  /** The highest epoch any id has had. */
  highestEpoch = 0;

  initProducerId(id: string): number {
    const previous = this.epochs.get(id);
    const epoch = previous === undefined || previous >= 32_766 ? 0 : previous + 1;
    this.epochs.set(id, epoch);
    this.highestEpoch = Math.max(this.highestEpoch, epoch);
    this.open.delete(id);
    return epoch;
  }

  epochOf(id: string): number | undefined {
    return this.epochs.get(id);
  }
}

/** One attempt of a sink subtask: a writer beginning transactions and a committer scanning at start. */
class Attempt {
  readonly ids = new TransactionalIds('job', 0);

  constructor(private readonly kafka: TransactionCoordinator) {}

  /** The committer's abortLingering, from the restored checkpoint's next id. */
  async start(restoredNextId: number | undefined): Promise<void> {
    const next = await abortFrom(restoredNextId ?? 0, (n) => Promise.resolve(this.kafka.initProducerId(`job-0-${n}`)));
    this.ids.startAt(next);
  }

  /** A transaction begun (InitProducerId, then records); its id. */
  begin(): string {
    const id = this.ids.next();
    this.kafka.initProducerId(id);
    this.kafka.open.add(id);
    return id;
  }
}

describe('transactional ids and the abort scan', () => {
  it('a restart aborts what the failed attempt left open past the restored checkpoint, and takes fresh ids', async () => {
    const kafka = new TransactionCoordinator();
    const first = new Attempt(kafka);
    await first.start(undefined);
    const committed = first.begin();
    kafka.open.delete(committed); // checkpoint 1 complete, its transaction committed
    const checkpointNextId = first.ids.nextId; // what checkpoint 1's committable says
    first.begin(); // prepared at barrier 2, whose checkpoint never completes
    first.begin(); // open when the attempt fails
    expect(kafka.open.size).toBe(2);

    const second = new Attempt(kafka);
    await second.start(checkpointNextId);
    expect(kafka.open.size).toBe(0);
    const fresh = second.begin();
    expect(kafka.epochOf(fresh)).toBeLessThanOrEqual(1);
    expect(fresh).toBe('job-0-3');
  });

  it('keeps every epoch far from the wrap to 0 over 70,000 transactions (ids reused by turns would each pass it)', async () => {
    const kafka = new TransactionCoordinator();
    const first = new Attempt(kafka);
    await first.start(undefined);
    // A checkpoint's transaction is prepared while the next one begins, and committed after: two
    // ids reused by turns would get 35,000 InitProducerIds each, and one scanned at its wrap
    // would look unused (epoch 0) and end the scan before the ids past it.
    let prepared = first.begin();
    for (let checkpoint = 0; checkpoint < 70_000; checkpoint++) {
      const next = first.begin();
      kafka.open.delete(prepared);
      prepared = next;
    }
    const checkpointNextId = first.ids.nextId; // the last checkpoint's committable: `prepared` is its transaction
    first.begin(); // open when the attempt fails
    kafka.open.delete(prepared); // the restore commits the checkpoint's transaction

    const second = new Attempt(kafka);
    await second.start(checkpointNextId);
    expect(kafka.open.size).toBe(0);
    expect(kafka.highestEpoch).toBe(1);
  });
});
