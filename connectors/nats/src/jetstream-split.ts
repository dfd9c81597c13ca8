import type { SourceSplit } from '@weir/connector-sdk';

/**
 * A stream read by one ordered consumer, with an optional subject filter. The position is a stream
 * sequence: the next message to read is the first at or after it, so the split is its own checkpoint.
 */
export interface JetStreamSplit extends SourceSplit {
  readonly stream: string;
  /** Only messages on this subject (wildcards allowed); the whole stream when undefined. */
  readonly filterSubject: string | undefined;
  /** The next stream sequence to read. */
  position: number;
  /**
   * Bounded reading stops after this sequence: the stream's last when the split was first read
   * (0 for an empty stream). Undefined for an unbounded split, or a bounded one not yet started.
   */
  end: number | undefined;
}
