/*
 * The memory soak job: unbounded Nexmark events, rebalanced over the network to a sink that pauses
 * `--pause-ms` after every `--batch` records, so the source is held back by back-pressure for as long
 * as the job runs.
 */
import { DataGeneratorSource, defineJob } from '@weir/api';
import { BenchSink } from '../harness/bench-sink';
import { nexmarkEvent } from '../nexmark/generator';
import { generatorConfig } from '../nexmark/generator-config';
import { nexmarkStream } from '../nexmark/queries/nexmark-stream';
import { integerArg } from './job-args';

export default defineJob({ name: 'memory-soak' }, (env, args) => {
  const config = generatorConfig({ seed: integerArg(args, 'seed', 0) });
  const source = new DataGeneratorSource({ generate: (index: number) => nexmarkEvent(index, config) });
  const sink = new BenchSink({
    pauseMsPerBatch: integerArg(args, 'pause-ms', 10, 1),
    batchSize: integerArg(args, 'batch', 1000, 1),
  });
  nexmarkStream(env, source).rebalance().sinkTo(sink).name('slow-sink');
});
