import { ConfigError, WeirError } from '@weir/connector-sdk';
import type { LedgerPosition } from './message-id';
import { topicName, topicPath, type PulsarTopic } from './pulsar-topic';

/** The few admin REST calls the connector makes, on the broker's web service port. */
export class PulsarAdmin {
  constructor(
    private readonly webServiceUrl: string,
    private readonly where: string,
  ) {}

  /** A partitioned topic's partition count; 0 for a topic that is not partitioned. */
  async partitions(topic: PulsarTopic, field: string): Promise<number> {
    return (await this.get<{ partitions: number }>(`${topicPath(topic)}/partitions`, topic, field)).partitions;
  }

  /** The id of the topic's last message; entry -1 when it holds none. */
  lastMessageId(topic: PulsarTopic): Promise<LedgerPosition> {
    return this.get<LedgerPosition>(`${topicPath(topic)}/lastMessageId`, topic, 'topics');
  }

  /** Whether the broker deduplicates the topic's messages: its own policy, else its namespace's, else the broker's. */
  deduplicationEnabled(topic: PulsarTopic): Promise<boolean> {
    return this.get<boolean>(`${topicPath(topic)}/deduplicationEnabled?applied=true`, topic, 'topic');
  }

  private async get<T>(path: string, topic: PulsarTopic, field: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.webServiceUrl}/admin/v2/${path}`, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new WeirError(
        `${this.where}: the Pulsar web service at ${this.webServiceUrl} (field 'webServiceUrl') cannot be reached: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (response.status === 404) {
      throw new ConfigError(`${this.where}: topic '${topicName(topic)}' (field '${field}') does not exist.`);
    }
    if (!response.ok) {
      throw new WeirError(`${this.where}: GET ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }
}
