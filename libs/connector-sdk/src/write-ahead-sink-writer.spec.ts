import { WriteAheadSinkWriter } from './write-ahead-sink-writer';

describe('WriteAheadSinkWriter', () => {
  it('hands over each checkpoint’s encoded records once, named by its writer and checkpoint', () => {
    const writer = new WriteAheadSinkWriter(3, (n: number, timestamp) => `#${n}@${timestamp}`);
    writer.write(1, 100);
    writer.write(2, undefined);
    writer.flush();
    const [first] = writer.prepareCommit(10);
    expect(first).toEqual({
      writerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      subtask: 3,
      checkpointId: 10,
      firstItem: 0,
      items: ['#1@100', '#2@undefined'],
    });
    expect(writer.prepareCommit(11)).toEqual([]);
    writer.write(3, 300);
    const [second] = writer.prepareCommit(12);
    expect(second).toEqual({ writerId: first.writerId, subtask: 3, checkpointId: 12, firstItem: 2, items: ['#3@300'] });
  });

  it('gives every writer its own id, so a new run never repeats an old commit’s name', () => {
    const ids = new Set(
      [1, 2, 3].map(() => {
        const writer = new WriteAheadSinkWriter(0, (n: number) => n);
        writer.write(1, undefined);
        return writer.prepareCommit(1)[0].writerId;
      }),
    );
    expect(ids.size).toBe(3);
  });
});
