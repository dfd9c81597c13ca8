import { DataGeneratorSource, StreamExecutionEnvironment } from '@weir/api';
import { nexmarkEvent } from './generator';
import { generatorConfig } from './generator-config';
import type { Event } from './model';
import type { NexmarkQuery } from './queries/nexmark-stream';
import { q0 } from './queries/q0';
import { q1 } from './queries/q1';
import { q2 } from './queries/q2';
import { q3 } from './queries/q3';
import { q4 } from './queries/q4';
import { q5 } from './queries/q5';
import { q7 } from './queries/q7';
import { q8 } from './queries/q8';
import {
  referenceQ0,
  referenceQ1,
  referenceQ2,
  referenceQ3,
  referenceQ4,
  referenceQ5,
  referenceQ7,
  referenceQ8,
} from './reference';

// 20,000 events at 500 events/s span 40 s of event time: several windows of every query.
const COUNT = 20_000;

/** A generated stream: its events by index, and all of them, for the reference. */
interface Stream {
  readonly event: (index: number) => Event;
  readonly events: readonly Event[];
}

function streamOf(generators: number): Stream {
  const config = generatorConfig({ seed: 3, eventsPerSecond: 500, generators, maxEvents: COUNT });
  /** Ingestion times are the index + 1, so the specs also check which events each result came from. */
  const event = (index: number): Event => {
    const e = nexmarkEvent(index, config);
    e.ingestionTime = index + 1;
    return e;
  };
  return { event, events: Array.from({ length: COUNT }, (_, i) => event(i)) };
}

const oneTimeline = streamOf(1);

/** A flat record as a string that does not depend on the order of its keys. */
function canonical(record: unknown): string {
  const fields = record as Record<string, unknown>;
  const keys = Object.keys(fields).sort();
  let s = '';
  for (let i = 0; i < keys.length; i++) s += `${keys[i]}=${String(fields[keys[i]])};`;
  return s;
}

/** What one multiset has that the other lacks (both empty when equal), the first few of each. */
function difference(actual: readonly unknown[], expected: readonly unknown[]) {
  const counts = new Map<string, number>();
  for (const r of expected) {
    const key = canonical(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unexpected: string[] = [];
  for (const r of actual) {
    const key = canonical(r);
    const n = counts.get(key) ?? 0;
    if (n === 0) unexpected.push(key);
    else counts.set(key, n - 1);
  }
  const missing = [...counts].flatMap(([key, n]) => Array<string>(n).fill(key));
  return { missing: missing.slice(0, 5), unexpected: unexpected.slice(0, 5), sizes: [actual.length, expected.length] };
}

/** Runs `query` on the stream's events at `parallelism` and checks it found what `reference` finds. */
async function expectSameAsReference<R>(
  query: NexmarkQuery<R>,
  reference: (events: readonly Event[]) => R[],
  parallelism: number,
  stream: Stream = oneTimeline,
): Promise<void> {
  const expected = reference(stream.events);
  expect(expected.length).toBeGreaterThan(0);
  const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
  const source = new DataGeneratorSource({ generate: stream.event, count: COUNT });
  const actual = await query(env, source).executeAndCollect();
  expect(difference(actual, expected)).toEqual({
    missing: [],
    unexpected: [],
    sizes: [expected.length, expected.length],
  });
}

const cases: [string, (parallelism: number, stream?: Stream) => Promise<void>][] = [
  ['q0', (p, stream) => expectSameAsReference(q0, referenceQ0, p, stream)],
  ['q1', (p, stream) => expectSameAsReference(q1, referenceQ1, p, stream)],
  ['q2', (p, stream) => expectSameAsReference(q2, referenceQ2, p, stream)],
  ['q3', (p, stream) => expectSameAsReference(q3, referenceQ3, p, stream)],
  ['q4', (p, stream) => expectSameAsReference(q4, referenceQ4, p, stream)],
  ['q5', (p, stream) => expectSameAsReference(q5, referenceQ5, p, stream)],
  ['q7', (p, stream) => expectSameAsReference(q7, referenceQ7, p, stream)],
  ['q8', (p, stream) => expectSameAsReference(q8, referenceQ8, p, stream)],
];

describe('the Nexmark queries equal their reference implementations', () => {
  describe.each([1, 2])('at parallelism %i', (parallelism) => {
    it.each(cases)('%s', (_name, check) => check(parallelism));
  });

  // As the benchmark runs them at parallelism 2: each source subtask reads one generator's timeline.
  describe('on two generators at parallelism 2', () => {
    const twoTimelines = streamOf(2);
    it.each(cases)('%s', (_name, check) => check(2, twoTimelines));
  });
});
