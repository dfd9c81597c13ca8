import { ConfigError } from '@weir/connector-sdk';
import type { Cluster } from './kafkajs-internals';

/**
 * Loads the topics' metadata into the cluster client; a topic that does not exist is the user's
 * error (the connector never creates topics), reported with the option that named it.
 */
export async function loadTopicMetadata(
  cluster: Cluster,
  topics: string[],
  where: string,
  field: string,
  brokers: string[],
): Promise<void> {
  try {
    await cluster.addMultipleTargetTopics(topics);
  } catch (error) {
    if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
    const names = topics.map((topic) => `'${topic}'`).join(', ');
    throw new ConfigError(
      `${where}: topic${topics.length > 1 ? 's' : ''} ${names} (field '${field}') not found on ${brokers.join(',')}.`,
      { cause: error },
    );
  }
}
