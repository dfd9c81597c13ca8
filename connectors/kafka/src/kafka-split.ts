import type { SourceSplit } from '@weir/connector-sdk';

/**
 * One partition of a topic, as the enumerator hands it to a reader and a checkpoint keeps it: the
 * reader advances `offset` as it emits, so a restore resumes at the first record not yet emitted.
 */
export interface KafkaSplit extends SourceSplit {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the next record to read. */
  offset: number;
  /** A bounded source stops before this offset (the partition's end when the job started). */
  readonly stoppingOffset?: number;
}

export function kafkaSplit(topic: string, partition: number, offset: number, stoppingOffset?: number): KafkaSplit {
  const split: KafkaSplit = { splitId: `${topic}-${partition}`, topic, partition, offset };
  return stoppingOffset === undefined ? split : { ...split, stoppingOffset };
}
