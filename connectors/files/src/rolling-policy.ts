import { IsInt, IsOptional, Min } from 'class-validator';

/**
 * When a file sink closes its current part file and starts the next (Flink's DefaultRollingPolicy).
 * A part is always closed at a checkpoint, since only a closed part can be committed; between
 * checkpoints, at these limits.
 */
export class RollingPolicy {
  /** Close a part once it holds this many bytes (default 128 MiB). */
  @IsOptional()
  @IsInt()
  @Min(1)
  maxPartSizeBytes?: number;

  /** Close a part this long after it was opened (default 60 s), checked as records are written. */
  @IsOptional()
  @IsInt()
  @Min(1)
  rolloverIntervalMs?: number;
}

export const DEFAULT_MAX_PART_SIZE_BYTES = 128 * 1024 * 1024;
export const DEFAULT_ROLLOVER_INTERVAL_MS = 60_000;
