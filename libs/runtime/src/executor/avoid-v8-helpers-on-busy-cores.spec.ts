import { execFileSync } from 'node:child_process';
import { avoidV8HelpersOnBusyCores } from './avoid-v8-helpers-on-busy-cores';

describe('avoidV8HelpersOnBusyCores', () => {
  it('leaves V8 alone while a core is spare', () => {
    expect(avoidV8HelpersOnBusyCores(1, 2)).toBe(false);
  });

  // In a child process (with the built package), since V8 flags belong to the process: its worker's
  // scavenges report what helper threads did, which must be nothing once the flag is set.
  const helperScavengeMs = (busyThreads: number): number[] => {
    const script = `
      require('@weir/runtime').avoidV8HelpersOnBusyCores(${busyThreads}, 2);
      const { Worker } = require('node:worker_threads');
      new Worker('let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; }', { eval: true });
    `;
    const out = execFileSync(process.execPath, ['--trace-gc-nvp', '-e', script], { cwd: __dirname, encoding: 'utf8' });
    // Lines start with [pid:isolate]; the first isolate is the main thread's, which loaded the package.
    const scavenges = [...out.matchAll(/^\[\d+:(\w+)\].* gc=s .*?background\.scavenge\.parallel=([\d.]+)/gm)];
    const mainIsolate = out.match(/^\[\d+:(\w+)\]/m)?.[1];
    return scavenges.filter((m) => m[1] !== mainIsolate).map((m) => Number(m[2]));
  };

  // A worker's optimizing compiles of its own function, as --trace-opt reports them.
  const workerCompileModes = (busyThreads: number): string[] => {
    const script = `
      require('@weir/runtime').avoidV8HelpersOnBusyCores(${busyThreads}, 2);
      const { Worker } = require('node:worker_threads');
      new Worker('function busyWorkerLoop() { let s = 0; for (let i = 0; i < 1e5; i++) s += i * 2; return s; } for (let j = 0; j < 200; j++) busyWorkerLoop();', { eval: true });
    `;
    const out = execFileSync(process.execPath, ['--trace-opt', '-e', script], { cwd: __dirname, encoding: 'utf8' });
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
    const busy = helperScavengeMs(2);
    expect(busy.length).toBeGreaterThan(5);
    expect(busy.every((ms) => ms === 0)).toBe(true);
    // The check can fail: with a core spare, helpers take part.
    expect(helperScavengeMs(1).some((ms) => ms > 0)).toBe(true);
  });
});
