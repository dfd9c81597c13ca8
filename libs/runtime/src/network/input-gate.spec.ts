import { MAX_WATERMARK, RuntimeFailure } from '@weir/common';
import { InputGate, type InputGateListener } from './input-gate';

function gate(inputsOfChannels: (0 | 1)[]) {
  const events: string[] = [];
  const listener: InputGateListener = {
    onWatermark: (wm, input) => events.push(`wm${input}:${wm}`),
    onWatermarkStatus: (idle, input) => events.push(`${idle ? 'idle' : 'active'}${input}`),
    onEndOfInput: (input) => events.push(`end${input}`),
  };
  const layout = inputsOfChannels.map((inputIndex, i) => ({ edge: 0, sender: i, inputIndex }));
  const numberOfInputs = Math.max(...inputsOfChannels) + 1;
  return { gate: new InputGate(layout, numberOfInputs, listener, 'test'), events };
}

describe('InputGate', () => {
  it('forwards the minimum watermark over the channels of an input, only forward', () => {
    const { gate: g, events } = gate([0, 0]);
    g.onWatermark(0, 10);
    g.onWatermark(1, 5);
    g.onWatermark(1, 20);
    g.onWatermark(0, 8);
    expect(events).toEqual(['wm0:5', 'wm0:10']);
  });

  it('leaves idle channels out of the minimum and reports an input idle when all are', () => {
    const { gate: g, events } = gate([0, 0]);
    g.onWatermark(0, 10);
    g.onStatus(1, true);
    expect(events).toEqual(['wm0:10']);
    g.onStatus(0, true);
    expect(events).toEqual(['wm0:10', 'idle0']);
    g.onRecords(1);
    expect(events).toEqual(['wm0:10', 'idle0', 'active0']);
  });

  it('keeps two inputs apart and ends each when all its channels have ended', () => {
    const { gate: g, events } = gate([0, 1, 1]);
    g.onWatermark(0, MAX_WATERMARK);
    g.onEnd(0);
    g.onWatermark(1, 3);
    g.onEnd(1);
    expect(g.allEnded).toBe(false);
    g.onEnd(2);
    expect(g.allEnded).toBe(true);
    expect(events).toEqual([`wm0:${MAX_WATERMARK}`, 'end0', 'end1']);
  });

  it('fails on a gap in a channel’s sequence', () => {
    const { gate: g } = gate([0]);
    g.checkSequence(0, 0);
    expect(() => g.checkSequence(0, 2)).toThrow(RuntimeFailure);
    expect(() => g.checkSequence(0, 2)).toThrow(/expected batch 1 on channel 0 but got 2/);
  });
});
