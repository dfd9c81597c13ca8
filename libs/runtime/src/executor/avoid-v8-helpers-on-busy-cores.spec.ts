import { execFileSync } from 'node:child_process';
import { avoidV8HelpersOnBusyCores } from './avoid-v8-helpers-on-busy-cores';

describe('avoidV8HelpersOnBusyCores', () => {
  it('leaves V8 alone while a core is spare', () => {
    expect(avoidV8HelpersOnBusyCores(1, 2)).toBe(false);
  });

  // In a child process (with the built package), since V8 flags belong to the process: what V8 traces
  // (`traceFlag`) while a worker runs `workerCode` after the flags were set for `busyThreads` of 2 cores.
  const traceOfWorker = (busyThreads: number, traceFlag: string, workerCode: string): string => {
    const script = `
      require('@weir/runtime').avoidV8HelpersOnBusyCores(${busyThreads}, 2);
      const { Worker } = require('node:worker_threads');
      new Worker(${JSON.stringify(workerCode)}, { eval: true });
    `;
    return execFileSync(process.execPath, [traceFlag, '-e', script], { cwd: __dirname, encoding: 'utf8' });
  };

  // What helper threads did in the worker's collections of one kind ('s' scavenges, 'mc'
  // mark-compacts), which must be nothing once the flags are set.
  const helperMs = (busyThreads: number, gc: 's' | 'mc', phase: string): number[] => {
    const out = traceOfWorker(
      busyThreads,
      '--trace-gc-nvp',
      'let keep = []; for (let i = 0; i < 6e6; i++) { keep.push({ i }); if (keep.length > 1e6) keep = []; }',
    );
    // Lines start with [pid:isolate]; the first isolate is the main thread's, which loaded the package.
    const mainIsolate = out.match(/^\[\d+:(\w+)\]/m)?.[1];
    return out
      .split('\n')
      .filter((line) => line.includes(` gc=${gc} `) && !line.includes(`:${mainIsolate}]`))
      .map((line) => Number(new Map(line.split(' ').map((field) => field.split('=') as [string, string])).get(phase)));
  };

  // A worker's optimizing compiles of its own function, as --trace-opt reports them.
  const workerCompileModes = (busyThreads: number): string[] => {
    const out = traceOfWorker(
      busyThreads,
      '--trace-opt',
      'function busyWorkerLoop() { let s = 0; for (let i = 0; i < 1e5; i++) s += i * 2; return s; } for (let j = 0; j < 200; j++) busyWorkerLoop();',
    );
    return [...out.matchAll(/^\[compiling method .*busyWorkerLoop.* mode: ConcurrencyMode::(\w+)\]/gm)].map(
      (m) => m[1],
    );
  };

  it('has a worker compile on its own thread once every core is busy, and in the background otherwise', () => {
    const busy = workerCompileModes(2);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((mode) => mode === 'kSynchronous')).toBe(true);
    expect(workerCompileModes(1)).toContain('kConcurrent');
  });

  it('has a worker scavenge without helper threads once every core is busy', () => {
    const busy = helperMs(2, 's', 'background.scavenge.parallel');
    expect(busy.length).toBeGreaterThan(5);
    expect(busy).toEqual(busy.map(() => 0));
    // The check can fail: with a core spare, helpers take part.
    expect(helperMs(1, 's', 'background.scavenge.parallel').some((ms) => ms > 0)).toBe(true);
  });

  it('has a worker mark its old generation without helper threads once every core is busy', () => {
    const busy = helperMs(2, 'mc', 'background.mark');
    expect(busy.length).toBeGreaterThan(0);
    expect(busy).toEqual(busy.map(() => 0));
    expect(helperMs(1, 'mc', 'background.mark').some((ms) => ms > 0)).toBe(true);
  });
});
