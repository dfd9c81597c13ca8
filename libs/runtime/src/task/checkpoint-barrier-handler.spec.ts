import type { CheckpointBarrier } from '../network/channel-event';
import { CheckpointBarrierHandler } from './checkpoint-barrier-handler';

const barrier = (checkpointId: number): CheckpointBarrier => ({ kind: 'barrier', checkpointId, timestamp: 0 });

describe('CheckpointBarrierHandler', () => {
  it('blocks each channel that delivered barrier n until every channel has, then opens them all', () => {
    const handler = new CheckpointBarrierHandler(3, true, () => false);
    expect(handler.onBarrier(1, barrier(1))).toBeUndefined();
    expect(handler.isBlocked(1)).toBe(true);
    expect(handler.isBlocked(0)).toBe(false);
    expect(handler.onBarrier(0, barrier(1))).toBeUndefined();
    expect(handler.currentCheckpoint).toBe(1);
    expect(handler.onBarrier(2, barrier(1))).toEqual(barrier(1));
    expect(handler.currentCheckpoint).toBe(0);
    for (const channel of [0, 1, 2]) expect(handler.isBlocked(channel)).toBe(false);
  });

  it('takes a single-channel checkpoint at once', () => {
    const handler = new CheckpointBarrierHandler(1, true, () => false);
    expect(handler.onBarrier(0, barrier(4))).toEqual(barrier(4));
  });

  it('lets an ended channel count as aligned', () => {
    const ended = new Set<number>();
    const handler = new CheckpointBarrierHandler(2, true, (channel) => ended.has(channel));
    expect(handler.onBarrier(0, barrier(2))).toBeUndefined();
    ended.add(1);
    expect(handler.onEnd()).toEqual(barrier(2));
  });

  it('gives up an alignment for a newer checkpoint and ignores barriers of older ones', () => {
    const handler = new CheckpointBarrierHandler(2, true, () => false);
    handler.onBarrier(0, barrier(1));
    expect(handler.onBarrier(1, barrier(2))).toBeUndefined();
    expect(handler.currentCheckpoint).toBe(2);
    expect(handler.isBlocked(0)).toBe(false);
    expect(handler.onBarrier(0, barrier(1))).toBeUndefined();
    expect(handler.onBarrier(0, barrier(2))).toEqual(barrier(2));
    expect(handler.onBarrier(1, barrier(2))).toBeUndefined();
  });

  it('blocks nothing in at-least-once mode but still waits for every barrier', () => {
    const handler = new CheckpointBarrierHandler(2, false, () => false);
    handler.onBarrier(0, barrier(1));
    expect(handler.isBlocked(0)).toBe(false);
    expect(handler.onBarrier(1, barrier(1))).toEqual(barrier(1));
  });
});
