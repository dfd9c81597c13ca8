import { decodeOutputFrames, encodeOutputFrame } from './output-frames';
import type { OutputFrame } from './rest-api';

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('output frames', () => {
  const frames: OutputFrame[] = [
    { kind: 'values', node: 3, subtask: 1, values: [{ at: 5, tags: ['a'] }, 2n, undefined, 'x'] },
    { kind: 'stdout', text: '1> hello\n' },
    { kind: 'restart' },
    {
      kind: 'end',
      job: { jobId: 'j', jobName: 'n', status: 'finished', submittedAt: 1, restarts: 0, slots: 2 },
    },
  ];

  it.each([1, 3, 1000])(
    'come back whole, with what JSON would lose (bigint, undefined), whatever the chunks (%i bytes)',
    async (size) => {
      const bytes = Buffer.concat(frames.map(encodeOutputFrame));
      const decoded: OutputFrame[] = [];
      for await (const frame of decodeOutputFrames(chunked(bytes, size))) decoded.push(frame);
      expect(decoded).toEqual(frames);
    },
  );
});
