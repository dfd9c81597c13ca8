/*
 * A Nexmark query as a runnable job (`weir run bench/dist/jobs/q5.js --events N --seed S [--rate R]
 * [--generators G] [--warmup W] [--checkpoint-interval MS]`):
 * the generator as a DataGeneratorSource, each event stamped with its wall-clock emission time, the
 * query, and the benchmark's blackhole sink, which measures latency from that stamp. With a warm-up,
 * the source first makes W events more, which throughput does not count: the first event after them
 * is announced as the start of the measurement (see source-start.ts).
 */
import { DataGeneratorSource, defineJob, type JobDefinition } from '@weir/api';
import { BenchSink } from '../harness/bench-sink';
import { isLatencySample } from '../harness/latency-sample';
import { announceSourceStart } from '../harness/source-start';
import { wallClockMs } from '../harness/wall-clock';
import { nexmarkEvent } from '../nexmark/generator';
import { DEFAULT_GENERATOR_CONFIG, generatorConfig } from '../nexmark/generator-config';
import type { Event } from '../nexmark/model';
import type { NexmarkQuery } from '../nexmark/queries/nexmark-stream';
import { integerArg } from './job-args';

export const DEFAULT_EVENTS = 1_000_000;

export function nexmarkJob<R>(name: string, query: NexmarkQuery<R>): JobDefinition {
  return defineJob({ name: `nexmark-${name}` }, (env, args) => {
    const measured = integerArg(args, 'events', DEFAULT_EVENTS, 1);
    const warmup = integerArg(args, 'warmup', 0);
    const count = warmup + measured;
    const checkpointInterval = integerArg(args, 'checkpoint-interval', 0);
    if (checkpointInterval > 0) env.enableCheckpointing(checkpointInterval);
    const config = generatorConfig({
      seed: integerArg(args, 'seed', 0),
      eventsPerSecond: integerArg(args, 'rate', DEFAULT_GENERATOR_CONFIG.eventsPerSecond, 1),
      // One timeline unless asked: the stream then does not depend on the parallelism it runs at.
      generators: integerArg(args, 'generators', 1, 1),
      maxEvents: count,
    });
    // Per thread: a subtask's chunks of indices come in increasing order (DataGeneratorSource).
    let started = false;
    const generate = (index: number): Event => {
      if (!started && index >= warmup) {
        started = true;
        announceSourceStart();
      }
      const event = nexmarkEvent(index, config);
      // Unstamped events carry 0 and are not measured. Warm-up events are stamped too: a field that
      // turned from small integers to doubles after the warm-up made q5 4.5 times slower, as the
      // optimized generator went on making objects of the old shape, each migrated on the store.
      event.ingestionTime = isLatencySample(index) ? wallClockMs() : 0;
      return event;
    };
    query(env, new DataGeneratorSource({ generate, count })).sinkTo(new BenchSink()).name('blackhole');
  });
}
