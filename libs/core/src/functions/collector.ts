/** Where a function emits its results. */
export interface Collector<T> {
  collect(value: T): void;
}
