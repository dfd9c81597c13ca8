/**
 * How the JobManager and TaskManagers listen on their control subjects: each message decoded
 * (a message that is not one is dropped and logged), handed to `handle`, and, for a request, its
 * result (or its failure, as a SerializedError) sent back as the reply.
 */
import { serializeError } from '@weir/runtime';
import type { NatsConnection, Subscription } from 'nats';
import { decodeControl, encodeControl } from './control-codec';

export function serveControl<M>(
  connection: NatsConnection,
  subject: string,
  handle: (message: M) => unknown,
  logError: (message: string) => void,
): Subscription {
  return connection.subscribe(subject, {
    callback: (error, msg) => {
      if (error !== null) return logError(`${subject}: ${error.message}`);
      let message: M;
      try {
        message = decodeControl<M>(msg.data);
      } catch {
        return logError(`Dropped a message on ${msg.subject} that is not a control message`);
      }
      void Promise.resolve()
        .then(() => handle(message))
        .then(
          (reply) => msg.reply && msg.respond(encodeControl(reply ?? { ok: true })),
          (failure: unknown) => {
            logError(`${msg.subject}: ${(failure as Error).message}`);
            if (msg.reply) msg.respond(encodeControl({ ok: false, error: serializeError(failure) }));
          },
        );
    },
  });
}
