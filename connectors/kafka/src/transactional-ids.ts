/**
 * The transactional ids of an exactly-once sink subtask: `<prefix>-<subtask>-<n>`, a fresh `n` for
 * every transaction, counting up with no gap (n, n+1, …). An id is never reused, so its producer
 * epoch stays low: it never runs through Kafka's 32,767 epochs into a new producer id at epoch 0
 * that would look unused to the abort scan, and a commit replayed by producer id and epoch can only
 * ever reach its own transaction. This is Flink's id per checkpoint, with a counter instead of the
 * checkpoint id, which may skip numbers at a subtask (a checkpoint declined before its barrier came)
 * and so leave a gap where the scan would stop.
 */
export class TransactionalIds {
  private n = 0;

  constructor(
    private readonly prefix: string,
    private readonly subtask: number,
  ) {}

  /** The number of the id the next transaction takes: a restart from here scans from it. */
  get nextId(): number {
    return this.n;
  }

  /** Where this attempt's ids begin: the first id the abort scan found unused. */
  startAt(n: number): void {
    this.n = n;
  }

  /** A fresh id for a transaction. */
  next(): string {
    return transactionalIdOf(this.prefix, this.subtask, this.n++);
  }
}

export function transactionalIdOf(prefix: string, subtask: number, n: number): string {
  return `${prefix}-${subtask}-${n}`;
}

/**
 * Fences the ids `from`, `from + 1`, … of one subtask, aborting each one's open transaction
 * (`initProducerId` does both, and gives the id's new epoch), until an id the cluster has never
 * seen (epoch 0). `from` is where the restored checkpoint says the subtask's next transaction
 * was to begin: a failed attempt went on from there with no gap, so that id ends what it used.
 * Returns its `n`, free for the next transaction.
 */
export async function abortFrom(from: number, initProducerId: (n: number) => Promise<number>): Promise<number> {
  for (let n = from; ; n++) if ((await initProducerId(n)) === 0) return n;
}
