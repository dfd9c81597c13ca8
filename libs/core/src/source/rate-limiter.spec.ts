import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('gives one permit at once, then one per interval', () => {
    const limiter = new RateLimiter(100); // one per 10 ms
    expect(limiter.tryAcquire(50, 1000)).toBe(1);
    expect(limiter.tryAcquire(50, 1000)).toBe(0);
    expect(limiter.nextPermitAt).toBe(1010);
    expect(limiter.tryAcquire(50, 1009)).toBe(0);
    expect(limiter.tryAcquire(50, 1010)).toBe(1);
    expect(limiter.tryAcquire(50, 1055)).toBe(4); // permits at 1020, 1030, 1040, 1050
    expect(limiter.nextPermitAt).toBe(1060);
  });

  it('never gives more than wanted, and keeps the rest for later', () => {
    const limiter = new RateLimiter(1000); // one per ms
    expect(limiter.tryAcquire(1, 0)).toBe(1);
    expect(limiter.tryAcquire(3, 100)).toBe(3);
    expect(limiter.tryAcquire(1000, 100)).toBe(97);
    expect(limiter.tryAcquire(1000, 100)).toBe(0);
  });

  it('keeps unused permits for at most one second', () => {
    const limiter = new RateLimiter(10); // one per 100 ms
    expect(limiter.tryAcquire(1, 0)).toBe(1);
    // Idle for a minute: only a second's worth (10, plus the one due now) is free, not 600.
    expect(limiter.tryAcquire(1000, 60_000)).toBe(11);
    expect(limiter.tryAcquire(1000, 60_000)).toBe(0);
    expect(limiter.nextPermitAt).toBe(60_100);
  });

  it('holds a fractional rate over time', () => {
    const limiter = new RateLimiter(3); // one per 333.3 ms
    let taken = 0;
    for (let now = 0; now <= 10_000; now += 7) taken += limiter.tryAcquire(1000, now);
    expect(taken).toBe(30); // at 0, 333.3, …, 9666.7 (the one at 10000 is after the last try, 9996)
  });
});
