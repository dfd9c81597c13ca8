import { WeirError } from '@weir/connector-sdk';
import { logLevel, type RetryOptions } from 'kafkajs';
import { createCluster, type Cluster, type Logger } from './kafkajs-internals';
import { loadTopicMetadata } from './topic-metadata';

/**
 * A sink's connection to the cluster, opened on first use: the client, connected, with the topic's
 * metadata loaded (a missing topic is a ConfigError naming the sink's 'topic').
 */
export class KafkaConnection {
  readonly cluster: Cluster;
  readonly logger: Logger;
  private ready: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly settings: { brokers: string[]; clientId: string; retry: RetryOptions; topic: string }) {
    ({ cluster: this.cluster, logger: this.logger } = createCluster({
      brokers: settings.brokers,
      clientId: settings.clientId,
      retry: settings.retry,
      logLevel: logLevel.NOTHING,
    }));
  }

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new WeirError("kafkaSink: the sink's connection is closed."));
    this.ready ??= (async () => {
      await this.cluster.connect();
      await loadTopicMetadata(this.cluster, [this.settings.topic], 'kafkaSink', 'topic', this.settings.brokers);
    })();
    return this.ready;
  }

  get topic(): string {
    return this.settings.topic;
  }

  partitionCount(): number {
    return this.cluster.findTopicPartitionMetadata(this.settings.topic).length;
  }

  /** Disconnects, after a connection under way has finished opening (or it would stay open). */
  async close(): Promise<void> {
    this.closed = true;
    await this.ready?.catch(() => {});
    await this.cluster.disconnect().catch(() => {});
  }
}
