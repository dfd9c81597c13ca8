import type { RetryOptions } from 'kafkajs';
import type { KafkaConnection } from './kafka-connection';
import { createEos, createRetrier, type EosManager } from './kafkajs-internals';
import { RecordBatchProducer } from './record-batch-producer';

/** What a prepared transaction is committed by, after a restore too: Kafka's own handle on it. */
export interface KafkaCommittable {
  readonly transactionalId: string;
  readonly producerId: string;
  readonly epoch: number;
}

/** A transactional producer of the pool, and where its transaction is. */
export interface PooledProducer {
  readonly transactionalId: string;
  readonly eos: EosManager;
  readonly producer: RecordBatchProducer;
  state: 'free' | 'open' | 'prepared';
}

/**
 * The transactional producers of one sink subtask, shared by its writer and its committer (they
 * run on the same subtask). A transaction is open from a checkpoint's first record to its barrier,
 * then prepared until the checkpoint completes, so a writer needs a second producer while the
 * first waits for its commit. Ids are `<prefix>-<subtask>-<n>`, the lowest free `n` first: a
 * subtask uses few ids and the same ones across restarts, and a restarted writer that takes an id
 * fences the failed attempt's producer and aborts its open transaction (Kafka's InitProducerId).
 */
export class TransactionPool {
  private readonly producers: PooledProducer[] = [];

  constructor(
    readonly connection: KafkaConnection,
    private readonly settings: { transactionalIdPrefix: string; transactionTimeoutMs: number; retry: RetryOptions },
    readonly subtaskIndex: number,
  ) {}

  /** A producer with a transaction begun. */
  async begin(): Promise<PooledProducer> {
    await this.connection.connect();
    let pooled = this.producers.find((p) => p.state === 'free');
    if (pooled === undefined) {
      const transactionalId = transactionalIdOf(
        this.settings.transactionalIdPrefix,
        this.subtaskIndex,
        this.producers.length,
      );
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
      pooled = { transactionalId, eos, producer, state: 'free' };
      this.producers.push(pooled);
    }
    pooled.state = 'open';
    // A new epoch for every transaction: a restored checkpoint's commit replayed later (EndTxn by
    // producer id and epoch) is then refused as fenced, and cannot commit a newer transaction of
    // the same id by mistake. The id is free, so nothing open is aborted by it.
    await pooled.eos.initProducerId();
    pooled.eos.beginTransaction();
    return pooled;
  }

  /** The writer is done with this transaction: it waits for its checkpoint. */
  prepare(pooled: PooledProducer): KafkaCommittable {
    pooled.state = 'prepared';
    return {
      transactionalId: pooled.transactionalId,
      producerId: String(pooled.eos.getProducerId()),
      epoch: pooled.eos.getProducerEpoch(),
    };
  }

  /**
   * The pool's producer this committable's transaction was written with, if it was this attempt's
   * (its transaction is 'prepared' if not yet committed).
   */
  find(committable: KafkaCommittable): PooledProducer | undefined {
    return this.producers.find(
      (p) =>
        p.transactionalId === committable.transactionalId &&
        String(p.eos.getProducerId()) === committable.producerId &&
        p.eos.getProducerEpoch() === committable.epoch,
    );
  }

  release(pooled: PooledProducer): void {
    pooled.state = 'free';
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

export function transactionalIdOf(prefix: string, subtask: number, n: number): string {
  return `${prefix}-${subtask}-${n}`;
}
