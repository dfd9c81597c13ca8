import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordError } from '@weir/common';
import { MalformedRecords, type MalformedRecord } from './malformed-records';

const record: MalformedRecord = {
  location: "topic 'clicks' partition 2 offset 17",
  position: { topic: 'clicks', partition: 2, offset: 17 },
  reason: 'Unexpected end of JSON input',
  text: '{"page":',
};

describe('MalformedRecords', () => {
  it("fails with a RecordError saying where and why, by default and with 'fail'", () => {
    const cause = new SyntaxError('Unexpected end of JSON input');
    for (const policy of [undefined, 'fail' as const]) {
      const records = new MalformedRecords(policy, 'kafkaSource', 'JSON record', 0);
      expect(records.failing).toBe(true);
      expect(() => records.handle(record, cause)).toThrow(RecordError);
      expect(() => records.handle(record, cause)).toThrow(
        "kafkaSource: malformed JSON record in topic 'clicks' partition 2 offset 17: Unexpected end of JSON input. " +
          'Fix or remove the record, or give the source a dead-letter output.',
      );
    }
  });

  it("writes dead letters as JSON lines to the subtask's file, and goes on", () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'weir-dead-letter-')), 'dead');
    try {
      const records = new MalformedRecords({ deadLetterPath: directory }, 'kafkaSource', 'JSON record', 3);
      expect(records.failing).toBe(false);
      records.handle(record, undefined);
      records.handle({ ...record, position: { ...record.position, offset: 18 } }, undefined);
      expect(records.deadLetters).toBe(2);
      const lines = readFileSync(join(directory, 'dead-letter-3.jsonl'), 'utf8').split('\n');
      expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual([
        { topic: 'clicks', partition: 2, offset: 17, reason: 'Unexpected end of JSON input', text: '{"page":' },
        { topic: 'clicks', partition: 2, offset: 18, reason: 'Unexpected end of JSON input', text: '{"page":' },
      ]);
    } finally {
      rmSync(join(directory, '..'), { recursive: true, force: true });
    }
  });
});
