import { WeirError, type Committer, type CommitterContext } from '@weir/connector-sdk';
import type { RetryOptions } from 'kafkajs';
import { TRANSACTION_COORDINATOR, type Broker } from './kafkajs-internals';
import type { KafkaCommittable, TransactionPool } from './transaction-pool';
import { abortFrom, transactionalIdOf } from './transactional-ids';

/** Errors of a transaction coordinator that mean "ask again shortly" (kafkajs's names for them). */
const RETRIABLE = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'CONCURRENT_TRANSACTIONS',
]);
/**
 * Errors of EndTxn that mean the transaction is no longer open: committed already, and its id
 * fenced since by a restart's abort scan (a new epoch).
 */
const ALREADY_ENDED = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_TXN_STATE',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/**
 * Commits the Kafka transactions the writers prepared, once their checkpoint is complete. A
 * transaction of this attempt is committed through its own producer; one from a restored
 * checkpoint by its producer id and epoch (EndTxn), as Flink resumes transactions. On start it
 * aborts what a failed attempt left open: the ids of this subtask from the one the restored
 * checkpoint says came next (and, on subtask 0, those of subtasks beyond the current parallelism).
 */
export class KafkaCommitter implements Committer<KafkaCommittable> {
  /**
   * Per subtask, the highest `nextId` of the committables committed: after a restore, the restored
   * checkpoint's, where each subtask's abort scan begins.
   */
  private readonly nextIds = new Map<number, number>();

  constructor(
    private readonly pool: TransactionPool,
    private readonly settings: { transactionalIdPrefix: string; transactionTimeoutMs: number; retry: RetryOptions },
    private readonly context: CommitterContext,
  ) {}

  async commit(committables: readonly KafkaCommittable[]): Promise<void> {
    for (const committable of committables) checkCommittable(committable);
    for (const { subtask, nextId, transaction } of committables) {
      const known = this.nextIds.get(subtask);
      if (known === undefined || nextId > known) this.nextIds.set(subtask, nextId);
      if (transaction === undefined) continue;
      const pooled = this.pool.find(transaction);
      if (pooled !== undefined) {
        await pooled.eos.commit();
        this.pool.release(pooled);
        continue;
      }
      await this.withCoordinator(transaction.transactionalId, async (broker) => {
        try {
          await broker.endTxn({
            transactionalId: transaction.transactionalId,
            producerId: transaction.producerId,
            producerEpoch: transaction.epoch,
            transactionResult: true,
          });
        } catch (error) {
          // A replayed commit of a transaction that is already committed, or of this attempt's that
          // committed and left the pool.
          if (!ALREADY_ENDED.has((error as { type?: string }).type ?? '')) throw error;
        }
      });
    }
  }

  async abortLingering(): Promise<void> {
    await this.pool.connection.connect();
    const { subtaskIndex, parallelism } = this.context;
    this.pool.ids.startAt(await this.abortIds(subtaskIndex));
    if (subtaskIndex !== 0) return;
    // After a rescale to fewer subtasks, no one else owns the higher subtasks' ids: up to the first
    // subtask the restored checkpoint does not name and that never used an id.
    for (let subtask = parallelism; ; subtask++) {
      const next = await this.abortIds(subtask);
      if (next === 0 && !this.nextIds.has(subtask)) return;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /**
   * InitProducerId on the subtask's ids from the restored checkpoint's next one (0 when it names
   * none) until one the cluster has never seen; that id's number, free for a new transaction.
   */
  private abortIds(subtask: number): Promise<number> {
    const prefix = this.settings.transactionalIdPrefix;
    return abortFrom(this.nextIds.get(subtask) ?? 0, async (n) => {
      const transactionalId = transactionalIdOf(prefix, subtask, n);
      const { producerEpoch } = await this.withCoordinator(transactionalId, (broker) =>
        broker.initProducerId({ transactionalId, transactionTimeout: this.settings.transactionTimeoutMs }),
      );
      return producerEpoch;
    });
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

/**
 * A committable restored from a checkpoint is one this version writes: one from before transactional
 * ids were fresh per transaction (a bare `transactionalId`, no `nextId`) would otherwise be skipped,
 * and its prepared transaction, output the checkpoint counts as written, never committed.
 */
function checkCommittable(committable: KafkaCommittable): void {
  if (Number.isSafeInteger(committable.nextId) && Number.isSafeInteger(committable.subtask)) return;
  throw new WeirError(
    `The Kafka sink cannot commit ${JSON.stringify(committable)} from the restored checkpoint: it was written by an ` +
      'earlier Weir, whose transactional ids this one does not continue. Finish or stop that job with the version ' +
      'that started it (its last checkpoint commits), then start this one without its checkpoints.',
  );
}
