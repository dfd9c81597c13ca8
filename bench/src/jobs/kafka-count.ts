/*
 * Kafka → keyed count → Kafka (`--brokers`, `--input` a topic of user ids, one per message,
 * `--output`, `--prefix` the sink's transactional id prefix, `--guarantee` the sink's delivery
 * guarantee, default exactly-once): the running count of each user goes to the output topic, one
 * update per input record, in Kafka transactions when exactly once.
 */
import { WatermarkStrategy, defineJob } from '@weir/api';
import { ConfigError } from '@weir/common';
import { jsonFormat, linesFormat } from '@weir/connector-sdk';
import { kafkaSink, kafkaSource, type DeliveryGuarantee } from '@weir/connector-kafka';
import { announceSourceStart } from '../harness/source-start';
import { stringArg, type JobArgs } from './job-args';

interface UserCount {
  user: string;
  count: number;
}

const GUARANTEES: readonly DeliveryGuarantee[] = ['at-least-once', 'exactly-once'];

function guaranteeArg(args: JobArgs): DeliveryGuarantee {
  const raw = args.guarantee ?? 'exactly-once';
  const guarantee = GUARANTEES.find((g) => g === raw);
  if (guarantee === undefined) {
    throw new ConfigError(`Job argument --guarantee must be ${GUARANTEES.join(' or ')}, not '${raw}'.`);
  }
  return guarantee;
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
        deliveryGuarantee: guaranteeArg(args),
        transactionalIdPrefix: stringArg(args, 'prefix'),
      }),
    )
    .name('counts');
});
