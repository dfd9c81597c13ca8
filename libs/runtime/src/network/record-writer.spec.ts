import { assignKeyToParallelOperator, RecordError } from '@weir/common';
import { RecordingTransport } from '../testing/recording-transport';
import { OutputChannel } from './output-channel';
import { createRecordWriter } from './record-writer';

const MAX_PARALLELISM = 128;
const config = { batchSize: 100, initialCredits: 4 };

interface Click {
  readonly page: number;
}

/** A keyBy writer of clicks by page to `receivers` subtasks, and for each page sent, the channel it went on. */
function keyByWriter(receivers: number) {
  const transport = new RecordingTransport(true);
  const channels = Array.from(
    { length: receivers },
    (_, subtask) => new OutputChannel(transport, { vertex: 2, subtask }, subtask, { local: config, remote: config }),
  );
  const writer = createRecordWriter({ kind: 'hash', keySelector: (click: Click) => click.page }, channels, {
    senderIndex: 0,
    maxParallelism: MAX_PARALLELISM,
    where: "the edge into 'sum'",
  });
  const channelOfEach = (): Map<number, number> => {
    writer.flush();
    const sentOn = new Map<number, number>();
    for (const { channel, event } of transport.sent) {
      if (event.kind === 'records') for (const value of event.values) sentOn.set((value as Click).page, channel);
    }
    return sentOn;
  };
  return { writer, channelOfEach };
}

describe('createRecordWriter for keyBy', () => {
  it('sends each record to the receiver whose key groups hold its key', () => {
    const { writer, channelOfEach } = keyByWriter(3);
    for (let page = 0; page < 30; page++) writer.collect({ page }, 0);
    const sentOn = channelOfEach();
    for (let page = 0; page < 30; page++) {
      expect(sentOn.get(page)).toBe(assignKeyToParallelOperator(page, MAX_PARALLELISM, 3));
    }
    expect(new Set(sentOn.values()).size).toBe(3);
  });

  it('sends everything to a lone receiver, and still fails a record whose key is not one, naming the edge', () => {
    const { writer, channelOfEach } = keyByWriter(1);
    for (let page = 0; page < 30; page++) writer.collect({ page }, 0);
    expect([...channelOfEach().values()]).toEqual(Array<number>(30).fill(0));
    // A click without a page, as a job in JavaScript or reading raw JSON may pass on.
    expect(() => writer.collect({}, 0)).toThrow(RecordError);
    expect(() => writer.collect({}, 0)).toThrow("The key selector of the edge into 'sum' returned undefined");
  });
});
