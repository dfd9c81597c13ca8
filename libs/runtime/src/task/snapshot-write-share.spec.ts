import { SnapshotWriteShare } from './snapshot-write-share';

describe('SnapshotWriteShare', () => {
  it('lets processing have (1 - share) / share of the time the writer spent', () => {
    const share = new SnapshotWriteShare(0.75, 10);
    expect(share.mayProcess).toBe(false);
    share.wrote(3);
    expect(share.mayProcess).toBe(true);
    share.processed(0.9);
    expect(share.mayProcess).toBe(true);
    share.processed(0.2);
    expect(share.mayProcess).toBe(false);
  });

  it('makes the next steps only write when a batch overran its allowance', () => {
    const share = new SnapshotWriteShare(0.9, 2);
    share.wrote(2);
    // A part took a whole step; a batch then took 1.5 ms against the 0.22 ms earned.
    share.processed(1.5);
    const stepsOnlyWriting = countWhile(
      () => !share.mayProcess,
      () => share.wrote(2),
    );
    // 1.28 ms owed, 0.22 ms earned per 2 ms step.
    expect(stepsOnlyWriting).toBe(6);
  });

  it('banks no more than its limit, so a long write is not followed by a long stretch of processing', () => {
    const share = new SnapshotWriteShare(0.5, 2);
    share.wrote(100);
    share.processed(2);
    expect(share.mayProcess).toBe(false);
  });

  it('starts from nothing owed after a reset', () => {
    const share = new SnapshotWriteShare(0.9, 2);
    share.processed(50);
    share.reset();
    share.wrote(1);
    expect(share.mayProcess).toBe(true);
  });

  it('refuses a share that would let the writer or processing starve', () => {
    for (const bad of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => new SnapshotWriteShare(bad, 2)).toThrow(`above 0 and below 1, not ${bad}`);
    }
  });
});

/** How many times `step` runs while `condition` holds. */
function countWhile(condition: () => boolean, step: () => void): number {
  let count = 0;
  for (; condition(); count++) step();
  return count;
}
