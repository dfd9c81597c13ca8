import { CollectSink, StreamExecutionEnvironment } from '@weir/api';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  ALLOWED_LATENESS,
  LATE_CLICKS,
  OUT_OF_ORDERNESS,
  click,
  clickAverages,
  type Click,
  type PageAverage,
} from './click-average';
import { runJobFile } from './testing/run-job-file';

const COUNT = 200;
const WINDOW_SIZE = 1000;

/**
 * What Flink computes for the clicks in order: the watermark after each click is the highest
 * timestamp so far − the bound − 1; a window fires once the watermark reaches its end − 1, and again
 * for each click that arrives after that but within the allowed lateness; a click whose window's
 * end − 1 + lateness the watermark has reached is late.
 */
function expectedOutput(count: number): { averages: PageAverage[]; late: Click[] } {
  const windows = new Map<string, { page: string; end: number; sum: number; n: number; fired: boolean }>();
  const averages: PageAverage[] = [];
  const late: Click[] = [];
  const fire = (w: { page: string; end: number; sum: number; n: number }) =>
    averages.push({ page: w.page, windowEnd: w.end, average: w.sum / w.n });
  let watermark = -Infinity;
  let maxTimestamp = -Infinity;
  for (let i = 0; i < count; i++) {
    const c = click(i);
    const end = Math.floor(c.ts / WINDOW_SIZE) * WINDOW_SIZE + WINDOW_SIZE;
    if (end - 1 + ALLOWED_LATENESS <= watermark) {
      late.push(c);
    } else {
      const id = `${c.page}@${end}`;
      let w = windows.get(id);
      if (w === undefined) windows.set(id, (w = { page: c.page, end, sum: 0, n: 0, fired: false }));
      w.sum += c.count;
      w.n++;
      if (w.fired) fire(w);
    }
    maxTimestamp = Math.max(maxTimestamp, c.ts);
    watermark = Math.max(watermark, maxTimestamp - OUT_OF_ORDERNESS - 1);
    for (const w of windows.values()) {
      if (!w.fired && w.end - 1 <= watermark) {
        w.fired = true;
        fire(w);
      }
    }
  }
  for (const w of windows.values()) if (!w.fired) fire(w);
  return { averages: sortedAverages(averages), late: sortedClicks(late) };
}

function sortedAverages(averages: PageAverage[]): PageAverage[] {
  return averages
    .slice()
    .sort((a, b) => a.windowEnd - b.windowEnd || a.page.localeCompare(b.page) || a.average - b.average);
}

function sortedClicks(clicks: Click[]): Click[] {
  return clicks.slice().sort((a, b) => a.ts - b.ts || a.page.localeCompare(b.page));
}

const expected = expectedOutput(COUNT);

describe('examples/click-average', () => {
  it('generates clicks that exercise out-of-order, re-fired and late windows', () => {
    const windowsFiredAgain = expected.averages.filter(
      (a, i) => i > 0 && expected.averages[i - 1].page === a.page && expected.averages[i - 1].windowEnd === a.windowEnd,
    );
    expect(windowsFiredAgain.length).toBeGreaterThan(0);
    expect(expected.late.length).toBeGreaterThan(0);
    expect(expected.averages.length).toBe(3 * (COUNT / 10) + windowsFiredAgain.length);
  });

  it.each([1, 2, 4])('averages the clicks per page and window at parallelism %i', async (parallelism) => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
    const averages = clickAverages(env, COUNT);
    const late = new CollectSink<Click>();
    averages.getSideOutput(LATE_CLICKS).sinkTo(late);
    expect(sortedAverages(await averages.executeAndCollect())).toEqual(expected.averages);
    expect(sortedClicks(late.values)).toEqual(expected.late);
  });

  it('prints the averages and the late clicks when run as a job module', async () => {
    const show = (value: unknown) => inspect(value, { compact: true, breakLength: Infinity });
    const want = [
      ...expected.averages.map((a) => `average> ${show(a)}`),
      ...expected.late.map((c) => `late> ${show(c)}`),
    ];
    const printed = await runJobFile(path.join(__dirname, 'click-average.ts'), {
      args: { count: String(COUNT) },
      parallelism: 2,
      expectedLines: want.length,
    });
    expect(printed.sort()).toEqual(want.sort());
  });
});
