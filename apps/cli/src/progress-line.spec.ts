import type { JobProgress } from '@weir/runtime';
import type { CliIo } from './cli-io';
import { ProgressLine, describeProgress } from './progress-line';

const CLEAR = '\r\x1b[K';

/** A terminal of the given width that keeps what is written to it. */
function terminal(columns: number): CliIo['stderr'] & { text(): string } {
  const chunks: string[] = [];
  const write = (chunk: string) => chunks.push(chunk) > 0;
  return { columns, isTTY: true, write, text: () => chunks.join('') } as unknown as CliIo['stderr'] & {
    text(): string;
  };
}

describe('ProgressLine', () => {
  afterEach(() => jest.useRealTimers());

  it('describes progress in one line', () => {
    const progress: JobProgress = {
      status: 'running',
      recordsFromSources: 12345,
      recordsToSinks: 12000,
      elapsedMs: 3210,
    };
    expect(describeProgress('clicks', progress, 45678.4)).toBe(
      "Job 'clicks' running: 12,345 records in, 12,000 out, 45,678 records/s, 3.2 s",
    );
  });

  it('redraws four times a second with the recent rate, and clears the line when stopped', () => {
    jest.useFakeTimers();
    const stream = terminal(200);
    let elapsedMs = 0;
    const line = new ProgressLine(stream, 'j', () => ({
      status: 'running',
      recordsFromSources: elapsedMs * 10,
      recordsToSinks: elapsedMs * 5,
      elapsedMs,
    }));
    line.start();
    for (let i = 0; i < 3; i++) {
      elapsedMs += 250;
      jest.advanceTimersByTime(250);
    }
    line.stop();
    elapsedMs += 250;
    jest.advanceTimersByTime(1000);
    expect(stream.text()).toBe(
      [
        "Job 'j' running: 2,500 records in, 1,250 out, 0 records/s, 0.3 s",
        "Job 'j' running: 5,000 records in, 2,500 out, 10,000 records/s, 0.5 s",
        "Job 'j' running: 7,500 records in, 3,750 out, 10,000 records/s, 0.8 s",
        '',
      ]
        .map((text) => CLEAR + text)
        .join(''),
    );
  });

  it('cuts the line to the terminal width, so that it never wraps', () => {
    jest.useFakeTimers();
    const stream = terminal(20);
    const line = new ProgressLine(stream, 'j', () => ({
      status: 'running',
      recordsFromSources: 1,
      recordsToSinks: 1,
      elapsedMs: 1,
    }));
    line.start();
    jest.advanceTimersByTime(250);
    line.stop();
    expect(stream.text()).toBe(`${CLEAR}Job 'j' running: 1 ${CLEAR}`);
  });

  it('writes nothing when stopped before its first redraw', () => {
    const stream = terminal(80);
    const line = new ProgressLine(stream, 'j', () => ({
      status: 'running',
      recordsFromSources: 0,
      recordsToSinks: 0,
      elapsedMs: 0,
    }));
    line.start();
    line.stop();
    expect(stream.text()).toBe('');
  });
});
