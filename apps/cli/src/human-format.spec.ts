import { formatCount, formatDuration } from './human-format';

describe('human formats', () => {
  it('groups thousands and rounds counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(2.6)).toBe('3');
  });

  it('shows durations at a useful precision', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(59_949)).toBe('59.9 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
  });
});
