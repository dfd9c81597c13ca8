import { WeirError, type Committer, type CommitterContext } from '@weir/connector-sdk';
import type { RetryOptions } from 'kafkajs';
import { TRANSACTION_COORDINATOR, type Broker } from './kafkajs-internals';
import { transactionalIdOf, type KafkaCommittable, type TransactionPool } from './transaction-pool';

/** Errors of a transaction coordinator that mean "ask again shortly" (kafkajs's names for them). */
const RETRIABLE = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'CONCURRENT_TRANSACTIONS',
]);
/**
 * Errors of EndTxn that mean the transaction is no longer open: committed already, or its id has
 * begun another (each transaction has an epoch of its own, or after enough of them a new producer id).
 */
const ALREADY_ENDED = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_TXN_STATE',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/**
 * Commits the Kafka transactions the writers prepared, once their checkpoint is complete. A
 * transaction of this attempt is committed through its own producer, which is then free again; one
 * from a restored checkpoint by its producer id and epoch (EndTxn), as Flink resumes transactions.
 * On start it aborts what a failed attempt left open: every id of this subtask's pool that was
 * used (and, on subtask 0, the ids of subtasks beyond the current parallelism).
 */
export class KafkaCommitter implements Committer<KafkaCommittable> {
  constructor(
    private readonly pool: TransactionPool,
    private readonly settings: { transactionalIdPrefix: string; transactionTimeoutMs: number; retry: RetryOptions },
    private readonly context: CommitterContext,
  ) {}

  async commit(committables: readonly KafkaCommittable[]): Promise<void> {
    for (const committable of committables) {
      const pooled = this.pool.find(committable);
      if (pooled !== undefined) {
        // Not prepared any more: committed already, and its producer may be in a new transaction.
        if (pooled.state !== 'prepared') continue;
        await pooled.eos.commit();
        this.pool.release(pooled);
        continue;
      }
      await this.withCoordinator(committable.transactionalId, async (broker) => {
        try {
          await broker.endTxn({
            transactionalId: committable.transactionalId,
            producerId: committable.producerId,
            producerEpoch: committable.epoch,
            transactionResult: true,
          });
        } catch (error) {
          // A replayed commit of a transaction that is already committed (and its id since reused).
          if (!ALREADY_ENDED.has((error as { type?: string }).type ?? '')) throw error;
        }
      });
    }
  }

  async abortLingering(): Promise<void> {
    await this.pool.connection.connect();
    await this.abortIds(this.context.subtaskIndex);
    if (this.context.subtaskIndex !== 0) return;
    // After a rescale to fewer subtasks, no one else owns the higher subtasks' ids.
    for (let subtask = this.context.parallelism; await this.abortIds(subtask); subtask++);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /**
   * InitProducerId on `<prefix>-<subtask>-0`, `-1`, … fences each id's producer and aborts its open
   * transaction; the first id the cluster has never seen (epoch 0) ends the search, since a pool
   * takes its ids from 0 up. Says whether the subtask had used any id.
   */
  private async abortIds(subtask: number): Promise<boolean> {
    for (let n = 0; ; n++) {
      const transactionalId = transactionalIdOf(this.settings.transactionalIdPrefix, subtask, n);
      const { producerEpoch } = await this.withCoordinator(transactionalId, (broker) =>
        broker.initProducerId({ transactionalId, transactionTimeout: this.settings.transactionTimeoutMs }),
      );
      if (producerEpoch === 0) return n > 0;
    }
  }

  private async withCoordinator<R>(transactionalId: string, request: (broker: Broker) => Promise<R>): Promise<R> {
    const retries = this.settings.retry.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        const broker = await this.pool.connection.cluster.findGroupCoordinator({
          groupId: transactionalId,
          coordinatorType: TRANSACTION_COORDINATOR,
        });
        return await request(broker);
      } catch (error) {
        const type = (error as { type?: string }).type ?? '';
        if (!RETRIABLE.has(type) || attempt >= retries + 10) {
          const message = error instanceof Error ? error.message : String(error);
          throw new WeirError(`kafkaSink: transaction '${transactionalId}': ${message}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
        if (type === 'NOT_COORDINATOR_FOR_GROUP') await this.pool.connection.cluster.refreshMetadata();
      }
    }
  }
}
