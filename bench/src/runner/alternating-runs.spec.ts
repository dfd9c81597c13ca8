import { alternatingRuns } from './alternating-runs';

describe('alternatingRuns', () => {
  it('warms up each configuration, then takes the measured runs in turn, and gives each its own', async () => {
    const order: string[] = [];
    const measured = await alternatingRuns(
      [1, 2],
      3,
      async (p) => order.push(`warm-up p=${p}`),
      async (p, run) => {
        order.push(`p=${p} #${run}`);
        return `${p}:${run}`;
      },
    );
    expect(order).toEqual(['warm-up p=1', 'warm-up p=2', 'p=1 #0', 'p=2 #0', 'p=1 #1', 'p=2 #1', 'p=1 #2', 'p=2 #2']);
    expect(measured).toEqual([
      ['1:0', '1:1', '1:2'],
      ['2:0', '2:1', '2:2'],
    ]);
  });
});
