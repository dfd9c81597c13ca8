import { RuntimeFailure } from '@weir/common';
import { MAX_WATERMARK, MIN_WATERMARK } from '../time-constants';
import type { GateChannel } from './channel-topology';

/** What the input gate drives: the head operator of the chain, per logical input. */
export interface InputGateListener {
  onWatermark(watermark: number, input: number): void;
  onWatermarkStatus(idle: boolean, input: number): void;
  onEndOfInput(input: number): void;
}

interface ChannelState {
  readonly inputIndex: number;
  expectedSeq: number;
  watermark: number;
  idle: boolean;
  ended: boolean;
}

interface InputState {
  watermark: number;
  idle: boolean;
  openChannels: number;
}

/**
 * The receiving side of a subtask: checks each channel's order and combines the channels' in-band
 * events per logical input — the watermark is the minimum over active channels and only moves
 * forward; an input is idle when all its open channels are; it ends when all its channels have.
 */
export class InputGate {
  private readonly channels: ChannelState[];
  private readonly inputs: InputState[];

  constructor(
    readonly layout: readonly GateChannel[],
    numberOfInputs: number,
    private readonly listener: InputGateListener,
    private readonly where: string,
  ) {
    this.channels = layout.map((c) => ({
      inputIndex: c.inputIndex,
      expectedSeq: 0,
      watermark: MIN_WATERMARK,
      idle: false,
      ended: false,
    }));
    this.inputs = Array.from({ length: numberOfInputs }, (_, i) => ({
      watermark: MIN_WATERMARK,
      idle: false,
      openChannels: layout.filter((c) => c.inputIndex === i).length,
    }));
  }

  get allEnded(): boolean {
    return this.inputs.every((i) => i.openChannels === 0);
  }

  hasEnded(channel: number): boolean {
    return this.channels[channel].ended;
  }

  inputIndexOf(channel: number): number {
    return this.channels[channel].inputIndex;
  }

  /** Checks that `seq` is the next on the channel: a gap means lost data, which must fail the job. */
  checkSequence(channel: number, seq: number): void {
    const state = this.channels[channel];
    if (state === undefined) throw new RuntimeFailure(`${this.where} received data on unknown channel ${channel}.`);
    if (seq !== state.expectedSeq) {
      throw new RuntimeFailure(
        `${this.where} expected batch ${state.expectedSeq} on channel ${channel} but got ${seq}: data was lost or reordered.`,
      );
    }
    state.expectedSeq++;
  }

  onRecords(channel: number): void {
    const state = this.channels[channel];
    if (state.idle) this.setIdle(channel, false);
  }

  onWatermark(channel: number, watermark: number): void {
    const state = this.channels[channel];
    if (state.idle) this.setIdle(channel, false);
    if (watermark <= state.watermark) return;
    state.watermark = watermark;
    this.updateWatermark(state.inputIndex);
  }

  onStatus(channel: number, idle: boolean): void {
    this.setIdle(channel, idle);
  }

  onEnd(channel: number): void {
    const state = this.channels[channel];
    if (state.ended) return;
    state.ended = true;
    const input = this.inputs[state.inputIndex];
    input.openChannels--;
    if (input.openChannels === 0) {
      this.listener.onEndOfInput(state.inputIndex);
    } else {
      this.updateIdle(state.inputIndex);
      this.updateWatermark(state.inputIndex);
    }
  }

  private setIdle(channel: number, idle: boolean): void {
    const state = this.channels[channel];
    if (state.idle === idle || state.ended) return;
    state.idle = idle;
    this.updateIdle(state.inputIndex);
    if (idle) this.updateWatermark(state.inputIndex);
  }

  private updateIdle(inputIndex: number): void {
    const input = this.inputs[inputIndex];
    let allIdle = true;
    for (const c of this.channels) if (c.inputIndex === inputIndex && !c.ended && !c.idle) allIdle = false;
    if (allIdle !== input.idle) {
      input.idle = allIdle;
      this.listener.onWatermarkStatus(allIdle, inputIndex);
    }
  }

  private updateWatermark(inputIndex: number): void {
    let min = MAX_WATERMARK;
    let active = false;
    for (const c of this.channels) {
      if (c.inputIndex !== inputIndex || c.ended || c.idle) continue;
      active = true;
      if (c.watermark < min) min = c.watermark;
    }
    const input = this.inputs[inputIndex];
    if (active && min > input.watermark) {
      input.watermark = min;
      this.listener.onWatermark(min, inputIndex);
    }
  }
}
