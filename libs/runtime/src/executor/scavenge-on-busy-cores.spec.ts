import { execFileSync } from 'node:child_process';
import { scavengeOnBusyCores } from './scavenge-on-busy-cores';

describe('scavengeOnBusyCores', () => {
  it('leaves V8 alone while a core is spare', () => {
    expect(scavengeOnBusyCores(1, 2)).toBe(false);
  });

  // In a child process (with the built package), since V8 flags belong to the process: its worker's
  // scavenges report what helper threads did, which must be nothing once the flag is set.
  const helperScavengeMs = (busyThreads: number): number[] => {
    const script = `
      require('@weir/runtime').scavengeOnBusyCores(${busyThreads}, 2);
      const { Worker } = require('node:worker_threads');
      new Worker('let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; }', { eval: true });
    `;
    const out = execFileSync(process.execPath, ['--trace-gc-nvp', '-e', script], { cwd: __dirname, encoding: 'utf8' });
    // Lines start with [pid:isolate]; the first isolate is the main thread's, which loaded the package.
    const scavenges = [...out.matchAll(/^\[\d+:(\w+)\].* gc=s .*?background\.scavenge\.parallel=([\d.]+)/gm)];
    const mainIsolate = out.match(/^\[\d+:(\w+)\]/m)?.[1];
    return scavenges.filter((m) => m[1] !== mainIsolate).map((m) => Number(m[2]));
  };

  it('has a worker scavenge without helper threads once every core is busy', () => {
    const busy = helperScavengeMs(2);
    expect(busy.length).toBeGreaterThan(5);
    expect(busy.every((ms) => ms === 0)).toBe(true);
    // The check can fail: with a core spare, helpers take part.
    expect(helperScavengeMs(1).some((ms) => ms > 0)).toBe(true);
  });
});
