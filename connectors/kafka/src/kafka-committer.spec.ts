import type { TwoPhaseCommittingSink } from '@weir/connector-sdk';
import { jsonFormat } from '@weir/connector-sdk';
import { kafkaSink } from './kafka-sink';
import type { KafkaCommittable } from './transaction-pool';

describe('KafkaCommitter', () => {
  it('refuses a committable an earlier Weir wrote, rather than skip its transaction, before it reaches Kafka', async () => {
    // A broker nobody listens on: the check comes before any request.
    const sink = kafkaSink<{ n: number }>({
      brokers: '127.0.0.1:1',
      topic: 'out',
      format: jsonFormat<{ n: number }>(),
      deliveryGuarantee: 'exactly-once',
      transactionalIdPrefix: 'old',
    }) as unknown as TwoPhaseCommittingSink<{ n: number }, KafkaCommittable>;
    const committer = sink.createCommitter({
      jobId: 'job',
      operatorUid: 'sink',
      subtaskIndex: 0,
      parallelism: 1,
      taskName: 'sink',
    });
    // What the sink's committables held before transactional ids were fresh per transaction.
    const earlier = { transactionalId: 'old-0-0', producerId: '7', epoch: 3 } as unknown as KafkaCommittable;
    await expect(committer.commit([earlier])).rejects.toThrow(
      /cannot commit \{"transactionalId":"old-0-0","producerId":"7","epoch":3\} from the restored checkpoint: it was written by an earlier Weir/,
    );
  });
});
