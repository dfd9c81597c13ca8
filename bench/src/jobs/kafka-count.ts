/*
 * Kafka → keyed count → Kafka, exactly once (`--brokers`, `--input` a topic of user ids, one per
 * message, `--output`, `--prefix` the sink's transactional id prefix): the running count of each
 * user goes to the output topic in Kafka transactions, one update per input record.
 */
import { WatermarkStrategy, defineJob } from '@weir/api';
import { jsonFormat, linesFormat } from '@weir/connector-sdk';
import { kafkaSink, kafkaSource } from '@weir/connector-kafka';
import { announceSourceStart } from '../harness/source-start';
import { stringArg } from './job-args';

interface UserCount {
  user: string;
  count: number;
}

export default defineJob({ name: 'kafka-count' }, (env, args) => {
  const brokers = stringArg(args, 'brokers');
  let started = false;
  env
    .fromSource(
      kafkaSource({ brokers, topics: stringArg(args, 'input'), bounded: true, format: linesFormat() }),
      WatermarkStrategy.noWatermarks<string>(),
      'users',
    )
    .map((user): UserCount => {
      if (!started) {
        started = true;
        announceSourceStart();
      }
      return { user, count: 1 };
    })
    .name('one')
    .keyBy((c) => c.user)
    .sum('count')
    .name('count')
    .sinkTo(
      kafkaSink({
        brokers,
        topic: stringArg(args, 'output'),
        format: jsonFormat<UserCount>(),
        key: (c) => c.user,
        deliveryGuarantee: 'exactly-once',
        transactionalIdPrefix: stringArg(args, 'prefix'),
      }),
    )
    .name('counts');
});
