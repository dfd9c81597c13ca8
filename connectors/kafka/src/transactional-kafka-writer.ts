import type { PrecommittingSinkWriter } from '@weir/connector-sdk';
import type { KafkaSinkSettings } from './kafka-sink-settings';
import { KafkaWriter } from './kafka-writer';
import type { RecordBatchProducer } from './record-batch-producer';
import type { KafkaCommittable, PooledProducer, TransactionPool } from './transaction-pool';

/**
 * The exactly-once writer: what it sends between two barriers goes into one Kafka transaction,
 * begun with the first record after a barrier. At the barrier `prepareCommit` sends the rest and
 * hands the transaction over as a committable; the committer commits it once the checkpoint is
 * complete, and a `read_committed` consumer sees nothing of it before.
 */
export class TransactionalKafkaWriter<T>
  extends KafkaWriter<T>
  implements PrecommittingSinkWriter<T, KafkaCommittable>
{
  private transaction: PooledProducer | undefined;

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
    return transaction === undefined ? [] : [this.pool.prepare(transaction)];
  }

  /**
   * Aborts a transaction no barrier closed (the job was cancelled or failed), so it holds no reader
   * back, once the batch being sent is done. The connection is the pool's: the committer closes it.
   */
  override async close(): Promise<void> {
    await this.stopSending();
    const transaction = this.transaction;
    this.transaction = undefined;
    if (transaction !== undefined) await transaction.eos.abort().catch(() => {});
  }

  protected override async producerFor(): Promise<RecordBatchProducer> {
    this.transaction ??= await this.pool.begin();
    return this.transaction.producer;
  }
}
