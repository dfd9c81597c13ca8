import { median } from './median';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values or an unmeasured one', () => {
    expect(median([])).toBeNaN();
    expect(median([1, NaN, 2])).toBeNaN();
  });
});
