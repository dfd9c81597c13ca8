import { hashString } from '@weir/common';
import {
  DiscoveringSplitEnumerator,
  type DiscoveredSplitsState,
  type SplitEnumeratorContext,
} from '@weir/connector-sdk';
import type { PulsarAdmin } from './pulsar-admin';
import type { PulsarSplit } from './pulsar-split';
import { partitionTopic, topicName, type PulsarTopic } from './pulsar-topic';
import type { StartMessageId } from './pulsar-options';

export type PulsarEnumeratorState = DiscoveredSplitsState<PulsarSplit>;

export interface PulsarEnumeratorSettings {
  readonly topics: PulsarTopic[];
  readonly startMessageId: StartMessageId;
  readonly bounded: boolean;
  readonly partitionDiscoveryIntervalMs: number;
}

/**
 * Splits Pulsar topics for the readers: a partitioned topic into its partitions, found again every
 * `partitionDiscoveryIntervalMs` as partitions are added; a split always goes to the same reader.
 */
export class PulsarSplitEnumerator extends DiscoveringSplitEnumerator<PulsarSplit> {
  constructor(
    context: SplitEnumeratorContext<PulsarSplit>,
    private readonly settings: PulsarEnumeratorSettings,
    private readonly admin: PulsarAdmin,
    restored?: PulsarEnumeratorState,
  ) {
    super(context, { bounded: settings.bounded, discoveryIntervalMs: settings.partitionDiscoveryIntervalMs }, restored);
  }

  protected async discover(atStart: boolean): Promise<PulsarSplit[]> {
    const splits: PulsarSplit[] = [];
    for (const topic of this.settings.topics) {
      const partitions = await this.admin.partitions(topic, 'topics');
      const parts = partitions === 0 ? [topic] : Array.from({ length: partitions }, (_, i) => partitionTopic(topic, i));
      for (const part of parts) {
        const splitId = topicName(part);
        if (this.isDiscovered(splitId)) continue;
        const position = atStart ? this.settings.startMessageId : 'earliest';
        const split: PulsarSplit = { splitId, topic: part, position };
        splits.push(this.settings.bounded ? { ...split, end: await this.admin.lastMessageId(part) } : split);
      }
    }
    return splits;
  }

  protected ownerOf(split: PulsarSplit, parallelism: number): number {
    return (hashString(split.splitId) & 0x7fffffff) % parallelism;
  }

  protected async closeDiscovery(): Promise<void> {}
}
