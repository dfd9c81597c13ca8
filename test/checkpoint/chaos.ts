/**
 * Failures at random moments, for exactly-once tests: `maybeFail()` throws once the next failure
 * is due (a random 400–1,000 ms after the previous one, or after the job began: time for a
 * checkpoint to complete in between), until `total`
 * failures have happened. Each test gets its own, so runs do not share a schedule.
 */
export class Chaos {
  failures = 0;
  private nextAt: number;

  constructor(
    readonly total: number,
    private readonly random: () => number = Math.random,
  ) {
    this.nextAt = this.later();
  }

  maybeFail(where: string): void {
    if (this.failures >= this.total || Date.now() < this.nextAt) return;
    this.failures++;
    this.nextAt = this.later();
    throw new Error(`chaos: failure ${this.failures} of ${this.total} in ${where}`);
  }

  private later(): number {
    return Date.now() + 400 + Math.floor(this.random() * 600);
  }
}
