import { CollectSink } from './collect-sink';
import { isClientSink, type SinkWriterContext } from './sink';

function context(subtaskIndex: number, sent: unknown[][]): SinkWriterContext {
  return { subtaskIndex, parallelism: 2, taskName: 'Collect', sendToClient: (values) => void sent.push(values) };
}

describe('CollectSink', () => {
  it('is a client sink', () => {
    expect(isClientSink(new CollectSink<number>())).toBe(true);
  });

  it('sends values in batches of 1,000 and the rest at a flush', () => {
    const sent: unknown[][] = [];
    const writer = new CollectSink<number>().createWriter(context(0, sent));
    for (let i = 0; i < 2500; i++) writer.write(i, undefined);
    expect(sent.map((b) => b.length)).toEqual([1000, 1000]);
    writer.flush(false);
    writer.flush(true);
    expect(sent.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(sent.flat()).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  it('drops values it had not flushed when closed', () => {
    const sent: unknown[][] = [];
    const writer = new CollectSink<string>().createWriter(context(0, sent));
    writer.write('lost', undefined);
    writer.close();
    writer.flush(true);
    expect(sent).toEqual([]);
  });

  it('gathers what the writers sent on the client, in subtask order', () => {
    const sink = new CollectSink<string>();
    const counts: number[] = [];
    sink.onValues = (count) => counts.push(count);
    sink.receive(['b1', 'b2'], 1);
    sink.receive(['a1'], 0);
    sink.receive(['b3'], 1);
    sink.receive(['d1'], 3);
    expect(sink.values).toEqual(['a1', 'b1', 'b2', 'b3', 'd1']);
    expect(sink.valuesBySubtask).toEqual([['a1'], ['b1', 'b2', 'b3'], [], ['d1']]);
    expect(counts).toEqual([2, 3, 4, 5]);
  });

  it('forgets what a failed attempt delivered when the job restarts from the beginning', () => {
    const sink = new CollectSink<number>();
    const counts: number[] = [];
    sink.onValues = (count) => counts.push(count);
    sink.receive([1, 2], 0);
    sink.onRestart();
    expect(sink.values).toEqual([]);
    sink.receive([1], 0);
    expect(sink.values).toEqual([1]);
    expect(counts).toEqual([2, 1]);
  });

  it('writers and the client meet through sendToClient', () => {
    const sink = new CollectSink<number>();
    const writers = [0, 1].map((subtaskIndex) =>
      sink.createWriter({
        subtaskIndex,
        parallelism: 2,
        taskName: 'Collect',
        sendToClient: (values) => sink.receive(values as number[], subtaskIndex),
      }),
    );
    writers[1].write(10, undefined);
    writers[0].write(1, 5);
    writers[1].flush(true);
    writers[0].flush(true);
    expect(sink.values).toEqual([1, 10]);
  });
});
