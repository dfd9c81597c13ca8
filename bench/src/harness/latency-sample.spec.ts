import { isLatencySample, LATENCY_SAMPLE_EVERY } from './latency-sample';

describe('isLatencySample', () => {
  it.each([1, 2, 3, 4, 8])('stamps one event in 64 on every source subtask at parallelism %i', (parallelism) => {
    const perSubtask = 64_000;
    for (let subtask = 0; subtask < parallelism; subtask++) {
      let stamped = 0;
      for (let k = 0; k < perSubtask; k++) if (isLatencySample(subtask + k * parallelism)) stamped++;
      const expected = perSubtask / LATENCY_SAMPLE_EVERY;
      expect(stamped).toBeGreaterThan(expected * 0.9);
      expect(stamped).toBeLessThan(expected * 1.1);
    }
  });

  it('spreads the stamps out: no long run of events without one', () => {
    let gap = 0;
    let longest = 0;
    for (let index = 0; index < 1_000_000; index++) {
      gap = isLatencySample(index) ? 0 : gap + 1;
      longest = Math.max(longest, gap);
    }
    expect(longest).toBeLessThan(LATENCY_SAMPLE_EVERY * 4);
  });

  it('goes on past 2^31 events', () => {
    let stamped = 0;
    for (let index = 2 ** 31 - 32_000; index < 2 ** 31 + 32_000; index++) if (isLatencySample(index)) stamped++;
    expect(stamped).toBeGreaterThan(900);
    expect(stamped).toBeLessThan(1100);
  });
});
