/*
 * How the checkpoint benchmark talks to the keyed function of its job (jobs/keyed-profiles.ts),
 * which runs on a worker thread: over a BroadcastChannel, which reaches every thread of the process.
 * The function reports how many keys it created and when records flow again after a restart; on
 * request it measures the V8 heap its thread holds (after a full GC, less what it held at open),
 * or fails once, as a crash would.
 */
import { RuntimeFailure } from '@weir/common';
import { wallClockMs } from './wall-clock';

const CHANNEL = 'weir-bench-state-probe';

export type ProbeReport =
  | { kind: 'keys'; subtask: number; attempt: number; keys: number; records: number }
  | { kind: 'heap'; subtask: number; heapBytes: number }
  | { kind: 'first-record'; subtask: number; attempt: number; at: number }
  | { kind: 'failing'; subtask: number; at: number };

type ProbeRequest = { kind: 'measure-heap' } | { kind: 'fail' };

/** Reports every this many records (a power of two, minus one, as a mask). */
const REPORT_MASK = 0x3ffff;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new RuntimeFailure('The state probe needs --expose-gc to measure the heap.');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The job's side, in the keyed function: `onRecord()` per record; `keys` counts the keys it created. */
export class StateProbe {
  keys = 0;
  private records = 0;
  private first = true;
  private failRequested = false;
  private readonly baselineHeapBytes: number;
  private readonly channel = new BroadcastChannel(CHANNEL);

  constructor(
    private readonly subtask: number,
    private readonly attempt: number,
  ) {
    this.baselineHeapBytes = heapAfterGc();
    this.channel.onmessage = (message) => {
      const request = (message as { data: ProbeRequest }).data;
      if (request.kind === 'measure-heap') {
        this.post({ kind: 'heap', subtask, heapBytes: heapAfterGc() - this.baselineHeapBytes });
      } else if (request.kind === 'fail' && subtask === 0) this.failRequested = true;
    };
    (this.channel as unknown as { unref(): void }).unref();
  }

  onRecord(): void {
    if (this.first) {
      this.first = false;
      this.post({ kind: 'first-record', subtask: this.subtask, attempt: this.attempt, at: wallClockMs() });
    }
    if ((++this.records & REPORT_MASK) === 0) this.report();
    if (this.failRequested) {
      this.failRequested = false;
      this.post({ kind: 'failing', subtask: this.subtask, at: wallClockMs() });
      throw new Error('state probe: a failure the benchmark asked for');
    }
  }

  close(): void {
    this.channel.close();
  }

  private report(): void {
    const { subtask, attempt, keys, records } = this;
    this.post({ kind: 'keys', subtask, attempt, keys, records });
  }

  private post(report: ProbeReport): void {
    this.channel.postMessage(report);
  }
}

/** The benchmark's side: the latest reports, and waiting for one. */
export class StateProbeListener {
  private readonly channel = new BroadcastChannel(CHANNEL);
  private readonly keysBySubtask = new Map<number, number>();
  private readonly waiters: { test: (r: ProbeReport) => boolean; resolve: (r: ProbeReport) => void }[] = [];

  constructor() {
    this.channel.onmessage = (message) => {
      const report = (message as { data: ProbeReport }).data;
      if (report.kind === 'keys') this.keysBySubtask.set(report.subtask, report.keys);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(report)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(report);
      }
    };
  }

  /** Keys created by the latest attempt's subtasks, as last reported. */
  get keys(): number {
    let keys = 0;
    for (const n of this.keysBySubtask.values()) keys += n;
    return keys;
  }

  /** The next report that passes `test`. */
  next<K extends ProbeReport['kind']>(
    kind: K,
    test: (r: Extract<ProbeReport, { kind: K }>) => boolean = () => true,
  ): Promise<Extract<ProbeReport, { kind: K }>> {
    return new Promise((resolve) =>
      this.waiters.push({
        test: (r) => r.kind === kind && test(r as Extract<ProbeReport, { kind: K }>),
        resolve: resolve as (r: ProbeReport) => void,
      }),
    );
  }

  /** The heap every keyed subtask's thread holds for its state, summed over `subtasks` of them. */
  async measureHeap(subtasks: number): Promise<number> {
    let total = 0;
    const answers: Promise<void>[] = [];
    for (let i = 0; i < subtasks; i++) {
      answers.push(this.next('heap', (r) => r.subtask === i).then((r) => void (total += r.heapBytes)));
    }
    this.channel.postMessage({ kind: 'measure-heap' } satisfies ProbeRequest);
    await Promise.all(answers);
    return total;
  }

  /** Has subtask 0 fail on its next record; resolves with when it failed. */
  async fail(): Promise<number> {
    const failing = this.next('failing');
    this.channel.postMessage({ kind: 'fail' } satisfies ProbeRequest);
    return (await failing).at;
  }

  close(): void {
    this.channel.close();
  }
}
