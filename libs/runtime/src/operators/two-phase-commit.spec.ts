import type { Committer, PrecommittingSinkWriter } from '@weir/core';
import { TwoPhaseCommit } from './two-phase-commit';

/** A committer whose commits end only when the test says so. */
class GatedCommitter implements Committer<string> {
  readonly committed: string[] = [];
  private release: (() => void) | undefined;

  commit(committables: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      this.release = () => {
        this.committed.push(...committables);
        resolve();
      };
    });
  }

  finishCommit(): void {
    this.release?.();
  }

  close(): void {}
}

function writerPreparing(committable: string): PrecommittingSinkWriter<unknown, string> {
  return { write() {}, flush() {}, close() {}, prepareCommit: () => [committable] };
}

describe('TwoPhaseCommit', () => {
  it('keeps a committable in the snapshots until its commit has ended, so a failure mid-commit loses nothing', async () => {
    const committer = new GatedCommitter();
    const twoPhase = new TwoPhaseCommit(committer);
    await twoPhase.prepare(writerPreparing('chk-2'), 2);
    const commit2 = twoPhase.commitUpTo(2);
    // Checkpoint 3 is taken while checkpoint 2's commit is under way: it must hold chk-2 too.
    const snapshot3 = await twoPhase.prepare(writerPreparing('chk-3'), 3);
    expect(snapshot3.unions?.committables).toEqual([
      [2, 'chk-2'],
      [3, 'chk-3'],
    ]);
    committer.finishCommit();
    await commit2;
    expect(committer.committed).toEqual(['chk-2']);
    const snapshot4 = await twoPhase.prepare(writerPreparing('chk-4'), 4);
    expect(snapshot4.unions?.committables).toEqual([
      [3, 'chk-3'],
      [4, 'chk-4'],
    ]);
  });

  it('commits each committable once, though completion notices overlap', async () => {
    const committer = new GatedCommitter();
    const twoPhase = new TwoPhaseCommit(committer);
    await twoPhase.prepare(writerPreparing('a'), 1);
    const first = twoPhase.commitUpTo(1);
    await twoPhase.prepare(writerPreparing('b'), 2);
    const second = twoPhase.commitUpTo(2);
    committer.finishCommit();
    await first;
    committer.finishCommit();
    await second;
    expect(committer.committed).toEqual(['a', 'b']);
    expect(twoPhase.hasPending).toBe(false);
  });
});
