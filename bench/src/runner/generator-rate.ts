/** How fast the Nexmark generator makes events on one core (this thread), median of a few rounds. */
import { nexmarkEvent } from '../nexmark/generator';
import { generatorConfig } from '../nexmark/generator-config';
import { median } from './median';

export function measureGeneratorRate(eventsPerRound = 5_000_000, rounds = 3): number {
  const config = generatorConfig();
  const rates: number[] = [];
  let checksum = 0;
  // The first round warms the JIT up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now();
    const first = round * eventsPerRound;
    for (let i = first; i < first + eventsPerRound; i++) checksum += nexmarkEvent(i, config).dateTime & 1;
    if (round > 0) rates.push(eventsPerRound / ((performance.now() - start) / 1000));
  }
  // Use the checksum, so the loop cannot be optimised away.
  return checksum >= 0 ? median(rates) : NaN;
}
