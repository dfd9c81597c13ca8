import type { RetryOptions } from 'kafkajs';
import type { KafkaConnection } from './kafka-connection';
import { createEos, createRetrier, type EosManager } from './kafkajs-internals';
import { RecordBatchProducer } from './record-batch-producer';
import { TransactionalIds } from './transactional-ids';

/** Kafka's own handle on a prepared transaction: what commits it, after a restore too. */
export interface PreparedTransaction {
  readonly transactionalId: string;
  readonly producerId: string;
  readonly epoch: number;
}

/**
 * What a writer hands over at a barrier: its transaction, if it wrote anything since the last one,
 * and the number of the id its next transaction takes, where a restart from this checkpoint
 * begins to abort what the failed attempt left open (transactional-ids.ts).
 */
export interface KafkaCommittable {
  readonly subtask: number;
  readonly nextId: number;
  readonly transaction?: PreparedTransaction;
}

/** A transaction of this attempt, open or prepared, with its own producer. */
export interface PooledTransaction {
  readonly transactionalId: string;
  readonly eos: EosManager;
  readonly producer: RecordBatchProducer;
}

/**
 * The transactions of one sink subtask, shared by its writer and its committer (they run on the
 * same subtask). A transaction is open from a checkpoint's first record to its barrier, then
 * prepared until the checkpoint completes, so while one waits for its commit the writer begins the
 * next. Each transaction has an id of its own, `<prefix>-<subtask>-<n>` with `n` counting up from
 * where the committer's abort scan ended (`ids`, transactional-ids.ts).
 */
export class TransactionPool {
  /** This attempt's transactions not yet committed or aborted. */
  private readonly transactions: PooledTransaction[] = [];
  readonly ids: TransactionalIds;

  constructor(
    readonly connection: KafkaConnection,
    private readonly settings: { transactionalIdPrefix: string; transactionTimeoutMs: number; retry: RetryOptions },
    readonly subtaskIndex: number,
  ) {
    this.ids = new TransactionalIds(settings.transactionalIdPrefix, subtaskIndex);
  }

  /** A transaction begun on a fresh id. */
  async begin(): Promise<PooledTransaction> {
    await this.connection.connect();
    const transactionalId = this.ids.next();
    const eos = createEos(this.connection.cluster, this.connection.logger, {
      transactionalId,
      transactionTimeout: this.settings.transactionTimeoutMs,
    });
    const producer = new RecordBatchProducer(
      this.connection.cluster,
      eos,
      createRetrier(this.settings.retry),
      this.connection.topic,
    );
    const transaction = { transactionalId, eos, producer };
    this.transactions.push(transaction);
    await eos.initProducerId();
    eos.beginTransaction();
    return transaction;
  }

  /** What the writer hands over at a barrier: `transaction` is done with, and waits for its checkpoint. */
  committable(transaction: PooledTransaction | undefined): KafkaCommittable {
    const committable = { subtask: this.subtaskIndex, nextId: this.ids.nextId };
    if (transaction === undefined) return committable;
    const { transactionalId, eos } = transaction;
    return {
      ...committable,
      transaction: { transactionalId, producerId: String(eos.getProducerId()), epoch: eos.getProducerEpoch() },
    };
  }

  /** This attempt's transaction a committable holds, if it is not yet committed. */
  find(prepared: PreparedTransaction): PooledTransaction | undefined {
    return this.transactions.find(
      (t) =>
        t.transactionalId === prepared.transactionalId &&
        String(t.eos.getProducerId()) === prepared.producerId &&
        t.eos.getProducerEpoch() === prepared.epoch,
    );
  }

  /** The transaction is committed or aborted: its id is never used again. */
  release(transaction: PooledTransaction): void {
    this.transactions.splice(this.transactions.indexOf(transaction), 1);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
