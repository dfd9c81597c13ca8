import type { PrecommittingSinkWriter } from '@weir/connector-sdk';
import type { KafkaSinkSettings } from './kafka-sink-settings';
import { KafkaWriter } from './kafka-writer';
import type { RecordBatchProducer } from './record-batch-producer';
import type { KafkaCommittable, PooledTransaction, TransactionPool } from './transaction-pool';

/**
 * The exactly-once writer: what it sends between two barriers goes into one Kafka transaction,
 * begun with the first record after a barrier. At the barrier `prepareCommit` sends the rest and
 * hands the transaction over as a committable; the committer commits it once the checkpoint is
 * complete, and a `read_committed` consumer sees nothing of it before. With no record since the
 * last barrier, the committable holds no transaction, only where the writer's ids have got to.
 */
export class TransactionalKafkaWriter<T>
  extends KafkaWriter<T>
  implements PrecommittingSinkWriter<T, KafkaCommittable>
{
  private transaction: PooledTransaction | undefined;

  constructor(
    settings: KafkaSinkSettings<T>,
    private readonly pool: TransactionPool,
  ) {
    super(settings, pool.connection);
  }

  async prepareCommit(_checkpointId: number): Promise<KafkaCommittable[]> {
    await this.flush(false);
    const transaction = this.transaction;
    this.transaction = undefined;
    return [this.pool.committable(transaction)];
  }

  /**
   * Aborts a transaction no barrier closed (the job was cancelled or failed), so it holds no reader
   * back, once the batch being sent is done. The connection is the pool's: the committer closes it.
   */
  override async close(): Promise<void> {
    await this.stopSending();
    const transaction = this.transaction;
    this.transaction = undefined;
    if (transaction === undefined) return;
    await transaction.eos.abort().catch(() => {});
    this.pool.release(transaction);
  }

  protected override async producerFor(): Promise<RecordBatchProducer> {
    this.transaction ??= await this.pool.begin();
    return this.transaction.producer;
  }
}
