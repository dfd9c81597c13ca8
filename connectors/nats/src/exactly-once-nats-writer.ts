import type { BytesFormat, PrecommittingSinkWriter } from '@weir/connector-sdk';
import { randomUUID } from 'node:crypto';
import type { NatsCommittable } from './nats-committable';

/** Encodes the records between two checkpoints; the committer publishes them once the checkpoint is complete. */
export class ExactlyOnceNatsWriter<T> implements PrecommittingSinkWriter<T, NatsCommittable> {
  private payloads: Uint8Array[] = [];
  private readonly writerId = randomUUID();

  constructor(
    private readonly subtask: number,
    private readonly format: BytesFormat<T>,
  ) {}

  write(value: T): void {
    this.payloads.push(this.format.encode(value));
  }

  /** Nothing to send yet: the messages wait for their checkpoint. */
  flush(): void {}

  prepareCommit(checkpointId: number): NatsCommittable[] {
    if (this.payloads.length === 0) return [];
    const committable = { writerId: this.writerId, subtask: this.subtask, checkpointId, payloads: this.payloads };
    this.payloads = [];
    return [committable];
  }

  close(): void {
    this.payloads = [];
  }
}
