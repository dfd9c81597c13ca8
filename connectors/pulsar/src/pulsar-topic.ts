import { ConfigError } from '@weir/connector-sdk';

/** A topic's full name, `persistent://tenant/namespace/name`, split into its parts. */
export interface PulsarTopic {
  readonly persistence: 'persistent' | 'non-persistent';
  readonly tenant: string;
  readonly namespace: string;
  readonly name: string;
}

const FULL_NAME = /^(persistent|non-persistent):\/\/([\w.-]+)\/([\w.-]+)\/([\w.=:-]+)$/;
const SHORT_NAME = /^[\w.=:-]+$/;

/** Pulsar's own shorthand: `clicks` is `persistent://public/default/clicks`. */
export function parseTopic(topic: string, where: string, field: string): PulsarTopic {
  if (SHORT_NAME.test(topic)) return { persistence: 'persistent', tenant: 'public', namespace: 'default', name: topic };
  const match = FULL_NAME.exec(topic);
  if (match === null) {
    throw new ConfigError(
      `${where}: '${field}' has '${topic}', which is no topic name ('name', or 'persistent://tenant/namespace/name').`,
    );
  }
  return { persistence: match[1] as PulsarTopic['persistence'], tenant: match[2], namespace: match[3], name: match[4] };
}

export function topicName(topic: PulsarTopic): string {
  return `${topic.persistence}://${topic.tenant}/${topic.namespace}/${topic.name}`;
}

/** The topic's path in the admin REST API and the WebSocket API: `persistent/tenant/namespace/name`. */
export function topicPath(topic: PulsarTopic): string {
  return `${topic.persistence}/${topic.tenant}/${topic.namespace}/${encodeURIComponent(topic.name)}`;
}

/** One partition of a partitioned topic is itself a topic, `<name>-partition-<i>`. */
export function partitionTopic(topic: PulsarTopic, partition: number): PulsarTopic {
  return { ...topic, name: `${topic.name}-partition-${partition}` };
}
