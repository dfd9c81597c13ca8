import { createErrorFromCode, staleMetadata, type Cluster, type EosManager, type Retrier } from './kafkajs-internals';
import { produceRequest } from './produce-request';
import type { RecordBatchBuilder } from './record-batch-builder';

/** How long a broker waits for its replicas' acknowledgements (acks=all) before it answers with an error. */
const PRODUCE_TIMEOUT_MS = 30_000;
const ACKS_ALL = -1;

/**
 * Sends a writer's record batches, one per partition, each to its partition's leader in one Produce
 * request per broker, with acks=all, as the producer `eos` (kafkajs's EOS manager: a transactional
 * producer adds the partitions to its transaction first, and each batch carries its sequence
 * number). A partition's batch is encoded once with its sequence number and, on a retriable error
 * (a moved leader, a lost connection), sent again as it was, so the broker drops a duplicate of an
 * idempotent producer's batch; the partitions already acknowledged are not sent again.
 */
export class RecordBatchProducer {
  constructor(
    private readonly cluster: Cluster,
    readonly eos: EosManager,
    private readonly retrier: Retrier,
    private readonly topic: string,
  ) {}

  async send(batches: ReadonlyMap<number, RecordBatchBuilder>): Promise<void> {
    const { eos, topic } = this;
    const transactional = eos.isTransactional();
    const producerId = Number(eos.getProducerId());
    const producerEpoch = eos.getProducerEpoch();
    const pending = new Map<number, Buffer>();
    for (const [partition, builder] of batches) {
      const baseSequence = eos.getSequence(topic, partition);
      pending.set(partition, builder.finish({ producerId, producerEpoch, baseSequence, transactional }));
      eos.updateSequence(topic, partition, builder.recordCount);
    }
    await this.retrier(async (bail) => {
      try {
        await this.sendPending(pending, transactional);
      } catch (error) {
        await this.recover(error, bail);
      }
    });
  }

  private async sendPending(pending: Map<number, Buffer>, transactional: boolean): Promise<void> {
    const byLeader = this.cluster.findLeaderForPartitions(this.topic, [...pending.keys()]);
    const failures: Error[] = [];
    await Promise.all(
      Object.entries(byLeader).map(async ([nodeId, partitions]) => {
        const broker = await this.cluster.findBroker({ nodeId });
        if (transactional) {
          await this.eos.addPartitionsToTransaction([
            { topic: this.topic, partitions: partitions.map((partition) => ({ partition })) },
          ]);
        }
        const answers = await broker.connectionPool.send(
          produceRequest({
            transactionalId: transactional ? this.eos.getTransactionalId() : undefined,
            acks: ACKS_ALL,
            timeoutMs: PRODUCE_TIMEOUT_MS,
            topic: this.topic,
            batches: partitions.map((partition) => ({ partition, batch: pending.get(partition)! })),
          }),
        );
        for (const { partition, errorCode } of answers) {
          if (errorCode === 0) pending.delete(partition);
          else failures.push(createErrorFromCode(errorCode));
        }
      }),
    );
    if (failures.length > 0) throw failures[0];
    // Left: a partition without a known leader, so the metadata is stale.
    if (pending.size > 0) throw createErrorFromCode(LEADER_NOT_AVAILABLE);
  }

  /** kafkajs's producer's handling of a failed send: refresh what is stale and retry, or give up. */
  private async recover(error: unknown, bail: (error: unknown) => void): Promise<void> {
    const failure = error as Error & { retriable?: boolean; host?: string; port?: number };
    if (failure.name === 'KafkaJSConnectionClosedError' && failure.host !== undefined) {
      this.cluster.removeBroker({ host: failure.host, port: failure.port! });
    }
    if (!this.cluster.isConnected()) {
      await this.cluster.connect();
      await this.cluster.refreshMetadata();
      throw error;
    }
    if (
      staleMetadata(error) ||
      failure.name === 'KafkaJSConnectionError' ||
      failure.name === 'KafkaJSConnectionClosedError' ||
      (failure.name === 'KafkaJSProtocolError' && failure.retriable === true)
    ) {
      await this.cluster.refreshMetadata();
      throw error;
    }
    bail(error);
  }
}

const LEADER_NOT_AVAILABLE = 5;
