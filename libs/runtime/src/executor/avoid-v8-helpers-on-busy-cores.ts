import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Has V8 collect each young generation, mark and sweep the old one, and optimize each function on
 * the isolate's own thread, without helper threads, once a process is to run as many busy
 * JavaScript threads (workers with subtasks) as the machine has cores.
 *
 * A scavenge stops its isolate and hands parts of its work to V8's helper threads; marking and
 * sweeping run on them beside the isolate, and TurboFan compiles on them in the background. When
 * every core already runs a busy worker, those helpers take turns with the workers: the stopped
 * isolate waits for helpers that are not running, and the background work takes CPU from the
 * workers as well as the time it saves them.
 * - Scavenges: Nexmark q5 at parallelism 2 on 2 cores spent 2.5-3.8 s in scavenge pauses over 30M
 *   events, 1.3-2.3 s without helpers, and went 12% faster; q3 10% faster, q0, q4 and q7 unchanged.
 * - Compiles: the helpers of a q5 run at p=2 used 1.1-1.2 s of CPU, 0.3 s with compiles on the
 *   workers, which took 0.2 s more; q5, q3 and q8 went 2-6% faster, q7 2% (alternating runs, medians).
 * - Marking and sweeping: what the helpers still used in a q5 run at p=2 (0.3 s of CPU) went to
 *   10 ms; q5 went 1-3% faster in two rounds of 5 alternating runs (6.10 to 6.29M events/s in
 *   one), q3 6%, q4 2%, q7 and q8 unchanged (medians).
 * Parallel marking stays: turning it off in a running process crashes V8.
 * With a core to spare (a job at parallelism 1), the helpers run on it for free, so nothing changes then.
 *
 * V8 flags belong to the process: once set, this holds for the process's later jobs too. They are
 * read when an isolate is made, so they reach the worker threads started after this.
 */
export function avoidV8HelpersOnBusyCores(busyThreads: number, cores: number = availableParallelism()): boolean {
  if (busyThreads < cores) return false;
  setFlagsFromString('--no-parallel-scavenge');
  setFlagsFromString('--no-concurrent-recompilation');
  setFlagsFromString('--no-concurrent-marking');
  setFlagsFromString('--no-concurrent-sweeping');
  return true;
}
