/**
 * Measured runs of several configurations taken in turn (p=1, p=2, p=1, p=2, …) after a warm-up of
 * each. A shared machine has slow spells that last minutes; taken in turn, the runs of every
 * configuration meet them alike, so the ratio between them, which the targets are stated in, does
 * not depend on which one happened to run during one.
 */
export async function alternatingRuns<C, M>(
  configurations: readonly C[],
  runs: number,
  warmUp: (configuration: C) => Promise<unknown>,
  measure: (configuration: C, run: number) => Promise<M>,
): Promise<M[][]> {
  for (const configuration of configurations) await warmUp(configuration);
  const measured = configurations.map((): M[] => []);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < configurations.length; i++) measured[i].push(await measure(configurations[i], run));
  }
  return measured;
}
