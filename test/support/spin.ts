/** Keeps the CPU busy for `micros`: slows a job so that checkpoints and failures fall inside it. */
export function spin(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until);
}
