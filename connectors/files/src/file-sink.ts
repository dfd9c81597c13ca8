import { resolve } from 'node:path';
import {
  validateOptions,
  type CommitterContext,
  type SinkWriterContext,
  type TextFormat,
  type TwoPhaseCommittingSink,
} from '@weir/connector-sdk';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import type { FileCommittable } from './file-committable';
import { FileCommitter } from './file-committer';
import { IsFileFormat, textFormatOf, type FileFormat } from './file-format';
import { FileSinkWriter } from './file-sink-writer';
import { PartFileNaming } from './part-file-naming';
import { DEFAULT_MAX_PART_SIZE_BYTES, DEFAULT_ROLLOVER_INTERVAL_MS, RollingPolicy } from './rolling-policy';

/** The options of `fileSink`, checked with class-validator when the sink is declared. */
export class FileSinkOptions<T = unknown> {
  /** The directory the part files go to (created if missing). One file sink per directory and prefix. */
  @IsString()
  @IsNotEmpty()
  path!: string;

  /** 'lines' (default: each record as a string), 'csv' (an array of fields), 'jsonl', or a text format of the SDK. */
  @IsOptional()
  @IsFileFormat()
  format?: FileFormat<T>;

  @IsOptional()
  @ValidateNested()
  @Type(() => RollingPolicy)
  rollingPolicy?: RollingPolicy;

  /** The part files' names start with it (default 'part'). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][\w.-]*$/, {
    message: '$property must be letters, digits, _, . or -, not starting with . or -',
  })
  partPrefix?: string;

  /** The committed part files' names end with it (default none; '.csv', say). */
  @IsOptional()
  @Matches(/^[\w.-]*$/, { message: '$property must be letters, digits, _, . or -' })
  partSuffix?: string;
}

export type FileSink<T> = TwoPhaseCommittingSink<T, FileCommittable>;

/**
 * Writes records as lines into rolling part files in a directory (Flink's FileSink), exactly once:
 * each subtask writes hidden in-progress parts, closes them at each checkpoint (and by size or age
 * in between), and they get their committed names only when the checkpoint is complete. A bounded
 * job's last parts are committed when it finishes. Without checkpoints nothing shows until then.
 */
export function fileSink(options: FileSinkOptions & { format?: 'lines' }): FileSink<string>;
export function fileSink(options: FileSinkOptions & { format: 'csv' }): FileSink<readonly unknown[]>;
export function fileSink<T = unknown>(options: FileSinkOptions & { format: 'jsonl' }): FileSink<T>;
export function fileSink<T>(options: FileSinkOptions<T> & { format: TextFormat<T> }): FileSink<T>;
/** A format known only at run time: records of any kind. */
export function fileSink(options: FileSinkOptions): FileSink<unknown>;
export function fileSink(options: FileSinkOptions): FileSink<unknown> {
  return createFileSink(options);
}

/** `fileSink` for options of unknown shape (from a configuration, through the registry): checked here. */
export function createFileSink(options: unknown): FileSink<unknown> {
  const checked = validateOptions(FileSinkOptions, options, 'fileSink');
  const naming = new PartFileNaming(resolve(checked.path), checked.partPrefix ?? 'part', checked.partSuffix ?? '');
  const format = textFormatOf(checked.format ?? 'lines');
  const maxPartSizeBytes = checked.rollingPolicy?.maxPartSizeBytes ?? DEFAULT_MAX_PART_SIZE_BYTES;
  const rolloverIntervalMs = checked.rollingPolicy?.rolloverIntervalMs ?? DEFAULT_ROLLOVER_INTERVAL_MS;
  return {
    twoPhaseCommit: true,
    createWriter: (ctx: SinkWriterContext) =>
      new FileSinkWriter({ naming, subtaskIndex: ctx.subtaskIndex, format, maxPartSizeBytes, rolloverIntervalMs }),
    createCommitter: (ctx: CommitterContext) => new FileCommitter(naming, ctx),
  };
}
