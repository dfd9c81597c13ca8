import { WriteAheadSinkWriter } from './write-ahead-sink-writer';

describe('WriteAheadSinkWriter', () => {
  it('hands over each checkpoint’s encoded records once, named by its writer and checkpoint', () => {
    const writer = new WriteAheadSinkWriter(3, (n: number) => `#${n}`);
    writer.write(1);
    writer.write(2);
    writer.flush();
    const [first] = writer.prepareCommit(10);
    expect(first).toEqual({
      writerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      subtask: 3,
      checkpointId: 10,
      items: ['#1', '#2'],
    });
    expect(writer.prepareCommit(11)).toEqual([]);
    writer.write(3);
    const [second] = writer.prepareCommit(12);
    expect(second).toEqual({ writerId: first.writerId, subtask: 3, checkpointId: 12, items: ['#3'] });
  });

  it('gives every writer its own id, so a new run never repeats an old commit’s name', () => {
    const ids = new Set(
      [1, 2, 3].map(() => {
        const writer = new WriteAheadSinkWriter(0, (n: number) => n);
        writer.write(1);
        return writer.prepareCommit(1)[0].writerId;
      }),
    );
    expect(ids.size).toBe(3);
  });
});
