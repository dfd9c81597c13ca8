import type { Sink, SinkWriter } from './sink';

/** Flink's DiscardingSink: drops everything, for jobs run for their side effects or to measure. */
export class DiscardingSink<T> implements Sink<T> {
  createWriter(): SinkWriter<T> {
    return { write() {}, flush() {}, close() {} };
  }
}
