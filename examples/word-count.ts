/**
 * The README's demo, Flink's WordCount: counts the words of a few lines of Hamlet (or of a text
 * file: `weir run examples/word-count.ts --input notes.txt`) and prints each word's count whenever it grows.
 */
import { defineJob, WatermarkStrategy, type DataStream, type StreamExecutionEnvironment } from '@weir/api';
import { fileSource } from '@weir/connector-files';

export const HAMLET = ['To be, or not to be, that is the question:', "Whether 'tis nobler in the mind to suffer"];

/** The job without its sink: the running count of every word read. */
export function wordCounts(env: StreamExecutionEnvironment, args: Readonly<Record<string, string>>) {
  const lines: DataStream<string> = args.input
    ? env.fromSource(fileSource({ path: args.input, format: 'lines' }), WatermarkStrategy.noWatermarks(), args.input)
    : env.fromElements(...HAMLET);
  return lines
    .flatMap((line) => line.toLowerCase().match(/\w+/g) ?? [])
    .map((word) => ({ word, count: 1 }))
    .keyBy((w) => w.word)
    .sum('count');
}

export default defineJob({ name: 'word-count' }, (env, args) => {
  wordCounts(env, args).print();
});
