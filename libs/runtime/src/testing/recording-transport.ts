import type { ChannelEvent, SubtaskAddress } from '../network/channel-event';
import type { Transport } from '../network/transport';

/** A transport that keeps what channels send, for the network layer's specs (output-channel, record-writer). */
export class RecordingTransport implements Transport {
  sent: { channel: number; seq: number; event: ChannelEvent }[] = [];
  constructor(private readonly local: boolean) {}
  sendData(_to: SubtaskAddress, channel: number, seq: number, event: ChannelEvent): void {
    this.sent.push({ channel, seq, event });
  }
  sendCredit(): void {}
  isLocal(): boolean {
    return this.local;
  }
}
