/*
 * A job held under back-pressure, for the alignment benchmark (runner/checkpoint-alignment.ts):
 * `weir run bench/dist/jobs/back-pressured.js [--unaligned 1] [--checkpoint-interval MS]`. An
 * unbounded stream is counted per key and rebalanced to a slow operator (it blocks its thread 1 ms
 * every `--slow-every` records), so every channel in front of it is full: checkpoint barriers queue
 * behind full buffers, and aligned checkpoints wait for them.
 */
import { DataGeneratorSource, defineJob, WatermarkStrategy } from '@weir/api';
import { BenchSink } from '../harness/bench-sink';
import { integerArg } from './job-args';

export default defineJob({ name: 'back-pressured' }, (env, args) => {
  env.enableCheckpointing(integerArg(args, 'checkpoint-interval', 1000, 10));
  env.getCheckpointConfig().enableUnalignedCheckpoints(integerArg(args, 'unaligned', 0) === 1);
  const slowEvery = integerArg(args, 'slow-every', 20, 1);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  env
    .fromSource(new DataGeneratorSource({ generate: (i) => i }), WatermarkStrategy.noWatermarks<number>(), 'numbers')
    .keyBy((i) => i % 1000)
    .reduce((a, b) => a + b)
    .name('sum')
    .rebalance()
    .map((sum) => {
      if (sum % slowEvery === 0) Atomics.wait(pause, 0, 0, 1);
      return sum;
    })
    .name('slow')
    .sinkTo(new BenchSink())
    .name('blackhole');
});
