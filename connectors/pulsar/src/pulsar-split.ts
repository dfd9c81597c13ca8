import type { SourceSplit } from '@weir/connector-sdk';
import type { LedgerPosition } from './message-id';
import type { PulsarTopic } from './pulsar-topic';

/**
 * One topic, or one partition of a partitioned topic (itself a topic), as a reader reads it and a
 * checkpoint keeps it: `position` is the id of the last message emitted (the next read starts
 * after it), or where to start when none has been.
 */
export interface PulsarSplit extends SourceSplit {
  readonly topic: PulsarTopic;
  position: string;
  /** A bounded source ends at this message (the topic's last when the job started). */
  readonly end?: LedgerPosition;
}
