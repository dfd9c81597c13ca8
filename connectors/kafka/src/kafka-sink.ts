import type { Committer, CommitterContext, Sink, SinkWriter, SinkWriterContext } from '@weir/connector-sdk';
import { KafkaCommitter } from './kafka-committer';
import { KafkaConnection } from './kafka-connection';
import { resolveSinkSettings, type KafkaSinkOptions, type KafkaSinkSettings } from './kafka-sink-settings';
import { KafkaWriter } from './kafka-writer';
import { TransactionalKafkaWriter } from './transactional-kafka-writer';
import { TransactionPool, type KafkaCommittable } from './transaction-pool';

/**
 * Kafka as a sink. At least once, it is a plain sink whose writers flush at checkpoints; exactly
 * once, it is a two-phase-commit sink (the runtime sees `twoPhaseCommit`) whose writers write each
 * checkpoint's records in a transaction that its committer commits when the checkpoint completes.
 */
export class KafkaSink<T> implements Sink<T> {
  readonly twoPhaseCommit: boolean;
  private readonly settings: KafkaSinkSettings<T>;
  /** Each subtask's transactional producers, which its writer and committer share. */
  private readonly pools = new Map<number, TransactionPool>();

  constructor(options: KafkaSinkOptions<T>) {
    this.settings = resolveSinkSettings(options);
    this.twoPhaseCommit = this.settings.deliveryGuarantee === 'exactly-once';
  }

  createWriter(ctx: SinkWriterContext): SinkWriter<T> {
    if (!this.twoPhaseCommit) return new KafkaWriter(this.settings, new KafkaConnection(this.settings));
    return new TransactionalKafkaWriter(this.settings, this.poolFor(ctx.subtaskIndex));
  }

  /** Created before the subtask's writer (and on each restart): a new attempt starts a new pool. */
  createCommitter(ctx: CommitterContext): Committer<KafkaCommittable> {
    const pool = new TransactionPool(new KafkaConnection(this.settings), this.settings, ctx.subtaskIndex);
    this.pools.set(ctx.subtaskIndex, pool);
    return new KafkaCommitter(pool, this.settings, ctx);
  }

  private poolFor(subtaskIndex: number): TransactionPool {
    let pool = this.pools.get(subtaskIndex);
    if (pool === undefined) {
      pool = new TransactionPool(new KafkaConnection(this.settings), this.settings, subtaskIndex);
      this.pools.set(subtaskIndex, pool);
    }
    return pool;
  }
}

/** `stream.sinkTo(kafkaSink({ brokers, topic: 'counts', format: jsonFormat(), deliveryGuarantee: 'exactly-once', … }))` */
export function kafkaSink<T>(options: KafkaSinkOptions<T>): KafkaSink<T> {
  return new KafkaSink(options);
}
