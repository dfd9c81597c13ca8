/*
 * Word count over a text file (`--path`): lines, words, a count per word. The input is bounded, so
 * the job runs in batch mode, what Flink users pick for it: combiners count each thread's words
 * before the shuffle, and the count emits one final value per word at the end, which the blackhole
 * sink drops.
 */
import { WatermarkStrategy, defineJob, type Collector, type FlatMapFunction } from '@weir/api';
import { fileSource } from '@weir/connector-files';
import { BenchSink } from '../harness/bench-sink';
import { stringArg } from './job-args';

interface WordCount {
  word: string;
  count: number;
}

/** Splits on single spaces, as the hand-written loop it is compared with does. */
class Tokenizer implements FlatMapFunction<string, WordCount> {
  flatMap(line: string, out: Collector<WordCount>): void {
    const tokens = line.split(' ');
    for (let i = 0; i < tokens.length; i++) if (tokens[i] !== '') out.collect({ word: tokens[i], count: 1 });
  }
}

export default defineJob({ name: 'word-count' }, (env, args) => {
  env.setRuntimeMode('batch');
  env
    .fromSource(
      fileSource({ path: stringArg(args, 'path'), format: 'lines' }),
      WatermarkStrategy.noWatermarks<string>(),
      'lines',
    )
    .flatMap(new Tokenizer())
    .name('tokenize')
    .keyBy((wc) => wc.word)
    .sum('count')
    .name('count')
    .sinkTo(new BenchSink())
    .name('blackhole');
});
