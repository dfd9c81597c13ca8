/**
 * The seed job of API.md, on real systems: clicks (JSON) from a Kafka topic, the average click count
 * per page in one-second event-time windows, upserted into a PostgreSQL table by (page, window_end),
 * so a window written again after a restore from a checkpoint leaves the same row.
 *
 *   weir run examples/clicks-kafka-to-postgres.ts --brokers 127.0.0.1:9092 --topic clicks \
 *     --db postgres://postgres@127.0.0.1:5432/test --table click_avg [--bounded true] [--checkpoint-ms 1000]
 *
 * The table: CREATE TABLE click_avg (page TEXT, window_end BIGINT, average DOUBLE PRECISION,
 * PRIMARY KEY (page, window_end)). `--bounded true` reads the topic up to its end as of the start,
 * then ends; `--checkpoints DIR` stores checkpoints there (else the job's default storage).
 */
import { defineJob, RestartStrategies, Time, TumblingEventTimeWindows, WatermarkStrategy } from '@weir/api';
import { jdbcSink } from '@weir/connector-jdbc';
import { kafkaSource } from '@weir/connector-kafka';
import { jsonFormat } from '@weir/connector-sdk';
import { AVERAGE, OUT_OF_ORDERNESS, type Click } from './click-average';

export default defineJob({ name: 'clicks-kafka-to-postgres' }, (env, args) => {
  env.enableCheckpointing(Number(args['checkpoint-ms'] ?? 1000));
  // A lost TaskManager or a broken connection: start again from the latest checkpoint, a few times.
  env.setRestartStrategy(RestartStrategies.fixedDelay(5, 1000));
  if (args.checkpoints !== undefined) env.getCheckpointConfig().setCheckpointStorage(args.checkpoints);
  env
    .fromSource(
      kafkaSource({
        brokers: args.brokers,
        topics: args.topic ?? 'clicks',
        bounded: args.bounded === 'true',
        format: jsonFormat<Click>(),
      }),
      WatermarkStrategy.forBoundedOutOfOrderness<Click>(OUT_OF_ORDERNESS).withTimestampAssigner((c) => c.ts),
      'clicks',
    )
    .keyBy((c) => c.page)
    .window(TumblingEventTimeWindows.of(Time.seconds(1)))
    .aggregate(AVERAGE, (page, ctx, averages, out) => {
      for (const average of averages) out.collect({ page, window_end: ctx.window.end, average });
    })
    .sinkTo(jdbcSink({ url: args.db, table: args.table ?? 'click_avg', mode: 'upsert', key: ['page', 'window_end'] }));
});
