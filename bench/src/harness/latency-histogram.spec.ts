import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('reads percentiles as the upper bound of the 0.1 ms bucket they fall in', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.record(i); // 1 ms … 100 ms
    expect(h.count).toBe(100);
    expect(h.percentile(0.5)).toBeCloseTo(50.1, 6);
    expect(h.percentile(0.99)).toBeCloseTo(99.1, 6);
    expect(h.percentile(1)).toBeCloseTo(100.1, 6);
  });

  it('clamps negative latencies (clock skew between threads) and very long ones into the end buckets', () => {
    const h = new LatencyHistogram();
    h.record(-3);
    h.record(10 * 60_000);
    expect(h.percentile(0.5)).toBeCloseTo(0.1, 6);
    expect(h.percentile(1)).toBeCloseTo(60_000, 6);
  });

  it('merges the sparse form of other histograms', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(1.05);
    a.record(1.05);
    b.record(7.3);
    const merged = new LatencyHistogram();
    merged.addSparse(a.toSparse());
    merged.addSparse(b.toSparse());
    expect(a.toSparse()).toEqual([[10, 2]]);
    expect(merged.count).toBe(3);
    expect(merged.percentile(1)).toBeCloseTo(7.4, 6);
  });

  it('has no percentiles when empty', () => {
    expect(new LatencyHistogram().percentile(0.5)).toBeNaN();
  });
});
