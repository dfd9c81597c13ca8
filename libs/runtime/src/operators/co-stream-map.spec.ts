import { OperatorTestHarness } from '../testing/operator-test-harness';
import { CoStreamMap } from './co-stream-map';

function harnessOf(): OperatorTestHarness {
  const fn = { map1: (x: unknown) => `L${x}`, map2: (x: unknown) => `R${x}` };
  return new OperatorTestHarness(new CoStreamMap({ kind: 'coMap', fn }), { numberOfInputs: 2 });
}

describe('CoStreamMap', () => {
  it('maps each input with its own function, keeping timestamps', async () => {
    const harness = harnessOf();
    await harness.open();
    harness.processElement(1, 10, 0);
    harness.processElement(2, 20, 1);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'L1', timestamp: 10 },
      { value: 'R2', timestamp: 20 },
    ]);
  });

  // The combination itself lives in StreamOperator; a two-input operator is where it shows.
  describe('watermark of two inputs', () => {
    it('is the minimum of both inputs and only moves forward', async () => {
      const harness = harnessOf();
      await harness.open();
      harness.processWatermark(10, 0);
      expect(harness.watermarks()).toEqual([]);
      harness.processWatermark(5, 1);
      harness.processWatermark(20, 1);
      harness.processWatermark(15, 0);
      harness.processWatermark(12, 0);
      expect(harness.watermarks()).toEqual([5, 10, 15]);
    });

    it('leaves idle inputs out, and waits for an input again once it is active', async () => {
      const harness = harnessOf();
      await harness.open();
      harness.processWatermark(10, 0);
      harness.processWatermarkStatus(true, 1);
      harness.processWatermark(30, 0);
      harness.processWatermarkStatus(false, 1);
      harness.processWatermark(40, 0);
      harness.processWatermark(35, 1);
      expect(harness.output).toEqual([
        { kind: 'watermark', watermark: 10 },
        { kind: 'watermark', watermark: 30 },
        { kind: 'watermark', watermark: 35 },
      ]);
    });

    it('goes idle downstream only when every input is idle', async () => {
      const harness = harnessOf();
      await harness.open();
      harness.processWatermarkStatus(true, 0);
      harness.processWatermarkStatus(true, 1);
      harness.processWatermarkStatus(false, 0);
      expect(harness.output).toEqual([
        { kind: 'status', idle: true },
        { kind: 'status', idle: false },
      ]);
    });

    it('lets the watermark of the remaining active input through when the other goes idle', async () => {
      const harness = harnessOf();
      await harness.open();
      harness.processWatermark(50, 0);
      harness.processWatermark(20, 1);
      harness.processWatermarkStatus(true, 1);
      expect(harness.watermarks()).toEqual([20, 50]);
    });
  });
});
