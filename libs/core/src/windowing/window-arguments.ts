import { JobDefinitionError } from '@weir/common';

/*
 * Argument checks shared by the window assigners, triggers and evictors. They run when the job is
 * declared, so a bad window size fails on the client with the factory's name, never inside a subtask.
 */

/** A duration that must be a whole number of milliseconds greater than zero (a size, a slide, a gap). */
export function checkPositiveDuration(value: number, where: string, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new JobDefinitionError(
      `${where}: ${field} must be a whole number of milliseconds greater than 0, not ${value}. ` +
        'Use Time.seconds(n) etc. to write it.',
    );
  }
  return value;
}

/** A duration that may be zero (an evictor's time span). */
export function checkNonNegativeDuration(value: number, where: string, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new JobDefinitionError(`${where}: ${field} must be a whole number of milliseconds, 0 or more, not ${value}.`);
  }
  return value;
}

/** A window offset: as in Flink, its absolute value must stay below the period it shifts. */
export function checkOffset(offset: number, period: number, where: string, periodName: string): number {
  if (!Number.isSafeInteger(offset) || Math.abs(offset) >= period) {
    throw new JobDefinitionError(
      `${where}: the offset must be a whole number of milliseconds with |offset| < ${periodName} (${period}), ` +
        `not ${offset}.`,
    );
  }
  return offset;
}

/** A number of elements (a count trigger's or evictor's count). */
export function checkCount(value: number, where: string, min: 0 | 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new JobDefinitionError(`${where}: the count must be a whole number of at least ${min}, not ${value}.`);
  }
  return value;
}
