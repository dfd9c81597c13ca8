/**
 * Measured runs at several parallelisms taken in turn (p=1, p=2, p=1, p=2, …) after a warm-up at
 * each. A shared machine has slow spells that last minutes; taken in turn, the runs of every
 * parallelism meet them alike, so the ratio between parallelisms, which the targets are stated in,
 * does not depend on which parallelism happened to run during one.
 */
export async function alternatingRuns<M>(
  parallelisms: readonly number[],
  runs: number,
  warmUp: (parallelism: number) => Promise<unknown>,
  measure: (parallelism: number, run: number) => Promise<M>,
): Promise<M[][]> {
  for (const parallelism of parallelisms) await warmUp(parallelism);
  const measured = parallelisms.map((): M[] => []);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < parallelisms.length; i++) measured[i].push(await measure(parallelisms[i], run));
  }
  return measured;
}
