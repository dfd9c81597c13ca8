/**
 * Weir's error hierarchy. Every error a user can see says what was wrong and what to do about it,
 * and keeps the underlying error as `cause` so nothing is hidden.
 */
export class WeirError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The job as written cannot run: a bad graph, a bad parameter, a function of the wrong kind. */
export class JobDefinitionError extends WeirError {}

/** A configuration value is missing or out of range; the message names the field. */
export class ConfigError extends WeirError {}

/** A user function threw; the message names the operator and the cause is the user's own error. */
export class UserFunctionError extends WeirError {
  constructor(
    readonly operatorName: string,
    cause: unknown,
  ) {
    super(`${describeCause(cause)} (in operator '${operatorName}')`, { cause });
  }
}

/** A record that cannot be processed as it is: no timestamp where one is needed, an undefined key. */
export class RecordError extends WeirError {}

/** The job failed and was not (or no longer) restarted; `cause` is the failure that ended it. */
export class JobExecutionError extends WeirError {}

/** The runtime itself broke an invariant (a sequence gap, a lost channel): never the user's fault. */
export class RuntimeFailure extends WeirError {}

/** A checkpoint could not be taken, stored or restored. */
export class CheckpointError extends WeirError {}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}

/** The job was canceled (by its client, or by executeAndCollect once it had enough). */
export class JobCanceledError extends JobExecutionError {}
