import type { BytesFormat } from '@weir/connector-sdk';

/** A message as the WebSocket producer takes it, without its `context` (which the sender adds). */
export interface PulsarMessage {
  /** The encoded record, base64. */
  readonly payload: string;
  readonly key?: string;
  readonly properties?: Record<string, string>;
  /** The record's timestamp as the message's event time, ISO 8601 (what the WebSocket API parses). */
  readonly eventTime?: string;
}

export interface PulsarMessageSettings<T> {
  readonly format: BytesFormat<T>;
  readonly key?: (value: T) => string | undefined;
  readonly properties?: (value: T) => Record<string, string> | undefined;
}

/** Turns a record and its timestamp into a message: payload, key, properties and event time. */
export function messageEncoder<T>(
  settings: PulsarMessageSettings<T>,
): (value: T, timestamp: number | undefined) => PulsarMessage {
  const { format, key, properties } = settings;
  return (value, timestamp) => {
    const message: { -readonly [K in keyof PulsarMessage]: PulsarMessage[K] } = {
      payload: Buffer.from(format.encode(value)).toString('base64'),
    };
    const messageKey = key?.(value);
    if (messageKey !== undefined) message.key = messageKey;
    const props = properties?.(value);
    if (props !== undefined) message.properties = props;
    // Pulsar takes an event time of 0 or less for none.
    if (timestamp !== undefined && timestamp > 0) message.eventTime = new Date(timestamp).toISOString();
    return message;
  };
}
