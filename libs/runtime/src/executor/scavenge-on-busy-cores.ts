import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Has V8 collect each young generation on its own thread, without helper threads, once a process is
 * to run as many busy JavaScript threads (workers with subtasks) as the machine has cores.
 *
 * A scavenge stops its isolate and hands parts of its work to V8's helper threads. When every core
 * already runs a busy worker, those helpers take turns with the workers, and the stopped isolate
 * waits for helpers that are not running: Nexmark q5 at parallelism 2 on 2 cores spent 2.5-3.8 s in
 * scavenge pauses over 30M events, 1.3-2.3 s without helpers, and went 12% faster; q3 10% faster,
 * q0, q4 and q7 unchanged (`npm run bench -- --only q0,q3,q4,q5,q7`). With a core to spare (a job at
 * parallelism 1), the helpers run on it for free, so nothing changes then.
 *
 * V8 flags belong to the process: once set, this holds for the process's later jobs too.
 */
export function scavengeOnBusyCores(busyThreads: number, cores: number = availableParallelism()): boolean {
  if (busyThreads < cores) return false;
  setFlagsFromString('--no-parallel-scavenge');
  return true;
}
