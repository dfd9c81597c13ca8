import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RecordError, WeirError } from '@weir/common';
import { ValidateBy } from 'class-validator';

/**
 * What a source does with a record its format cannot read (DESIGN.md §10: a malformed record gets a
 * clear error or goes to a dead-letter output, and never loses other data):
 * - 'fail' (the default): the job fails with a RecordError naming where the record is and why;
 * - `{ deadLetterPath }`: the record is written, with where it was and why it is malformed, as a
 *   JSON line to `<deadLetterPath>/dead-letter-<subtask>.jsonl`, and reading goes on.
 * Dead letters are written at least once: after a restore, records read again since the last
 * checkpoint may be written again (their location tells the copies apart).
 */
export type MalformedRecordPolicy = 'fail' | DeadLetterOutput;

export interface DeadLetterOutput {
  /** A directory, created if missing; one source per directory. */
  readonly deadLetterPath: string;
}

/** class-validator: a MalformedRecordPolicy. */
export function IsMalformedRecordPolicy(): PropertyDecorator {
  return ValidateBy({
    name: 'isMalformedRecordPolicy',
    validator: {
      validate: (value) =>
        value === 'fail' ||
        (typeof value === 'object' &&
          value !== null &&
          Object.keys(value).length === 1 &&
          typeof value.deadLetterPath === 'string' &&
          value.deadLetterPath !== ''),
      defaultMessage: () => "$property must be 'fail' or { deadLetterPath: '<directory>' }",
    },
  });
}

/** A record a format could not read. */
export interface MalformedRecord {
  /** For people: where it is ("'/in/a.csv' at line 5", "topic 'clicks' partition 2 offset 17"). */
  readonly location: string;
  /** For programs: the same, field by field ({ file, line, offset }). */
  readonly position: Readonly<Record<string, string | number>>;
  /** Why the format refused it. */
  readonly reason: string;
  /** The record as it was read (text, or for bytes their base64). */
  readonly text: string;
}

export class MalformedRecords {
  private readonly deadLetterFile: string | undefined;
  /** Records sent to the dead-letter output so far. */
  deadLetters = 0;

  /**
   * @param where the connector function, for messages ('fileSource')
   * @param recordName what a record is called in messages ('CSV record')
   */
  constructor(
    policy: MalformedRecordPolicy | undefined,
    private readonly where: string,
    private readonly recordName: string,
    subtaskIndex: number,
  ) {
    if (policy === undefined || policy === 'fail') return;
    const directory = resolve(policy.deadLetterPath);
    mkdirSync(directory, { recursive: true });
    this.deadLetterFile = join(directory, `dead-letter-${subtaskIndex}.jsonl`);
  }

  /** Whether malformed records fail the job (then the caller may skip computing a dead letter's details). */
  get failing(): boolean {
    return this.deadLetterFile === undefined;
  }

  /** Fails the job with a RecordError that says where and why, or writes the record to the dead-letter output. */
  handle(record: MalformedRecord, cause: unknown): void {
    if (this.deadLetterFile === undefined) {
      throw new RecordError(
        `${this.where}: malformed ${this.recordName} in ${record.location}: ${record.reason}. ` +
          'Fix or remove the record, or give the source a dead-letter output.',
        { cause },
      );
    }
    const line = JSON.stringify({ ...record.position, reason: record.reason, text: record.text });
    try {
      appendFileSync(this.deadLetterFile, line + '\n');
    } catch (error) {
      throw new WeirError(
        `${this.where}: cannot write the dead-letter output '${this.deadLetterFile}': ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    this.deadLetters++;
  }
}

/** The message of what a format threw. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
