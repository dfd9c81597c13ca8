/**
 * The line `weir run` keeps redrawing on a terminal while a job runs: records in and out, the
 * current rate and the elapsed time. Only on a TTY: piped to a file it would be noise.
 */
import type { JobProgress } from '@weir/runtime';
import type { CliIo } from './cli-io';
import { formatCount, formatDuration } from './human-format';

const REDRAW_INTERVAL_MS = 250;
/** The rate is measured over the last this many redraws (about a second), so it follows changes. */
const RATE_SAMPLES = 4;
const CLEAR_LINE = '\r\x1b[K';

export class ProgressLine {
  private readonly samples: { records: number; elapsedMs: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly stream: CliIo['stderr'],
    private readonly jobName: string,
    private readonly progress: () => JobProgress,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.draw(), REDRAW_INTERVAL_MS);
  }

  /** Stops redrawing and clears the line, so what is printed next starts on a clean line. */
  stop(): void {
    clearInterval(this.timer);
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }

  private draw(): void {
    const progress = this.progress();
    this.samples.push({ records: progress.recordsFromSources, elapsedMs: progress.elapsedMs });
    if (this.samples.length > RATE_SAMPLES + 1) this.samples.shift();
    const first = this.samples[0];
    const span = progress.elapsedMs - first.elapsedMs;
    const rate = span > 0 ? ((progress.recordsFromSources - first.records) * 1000) / span : 0;
    const line = describeProgress(this.jobName, progress, rate);
    // A line longer than the terminal wraps, and '\r' would then redraw only its last part.
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(CLEAR_LINE + (line.length > width ? line.slice(0, width) : line));
    this.drawn = true;
  }
}

export function describeProgress(jobName: string, progress: JobProgress, recordsPerSecond: number): string {
  return (
    `Job '${jobName}' ${progress.status}: ${formatCount(progress.recordsFromSources)} records in, ` +
    `${formatCount(progress.recordsToSinks)} out, ${formatCount(recordsPerSecond)} records/s, ` +
    formatDuration(progress.elapsedMs)
  );
}
