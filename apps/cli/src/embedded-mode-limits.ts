/**
 * What the command line names but this version of Weir cannot do yet: savepoints, which come with
 * checkpoints; and what only a cluster can do, asked of an embedded run. Everything that refuses
 * for those reasons refuses here.
 */
import { CommandLineError } from './command-line-error';

/** Shown wherever a savepoint is asked for: in errors and beside the savepoint commands in the help. */
export const SAVEPOINTS_NOT_AVAILABLE = 'savepoints are not available yet; they come with checkpoints';

/** `weir savepoint`, `weir stop`. */
export function savepointCommandUnavailable(command: string): CommandLineError {
  return new CommandLineError(`'weir ${command}' takes a savepoint: ${SAVEPOINTS_NOT_AVAILABLE}.`);
}

/** The options of `weir run` that need a cluster or savepoints. */
export interface RunOptionsToCheck {
  /** Whether the job goes to a cluster (--jobmanager or WEIR_JOBMANAGER). */
  onCluster: boolean;
  fromSavepoint: string | undefined;
  detached: boolean;
}

/** Refuses a `weir run` option this run cannot honour, naming it. */
export function checkRunOptions(options: RunOptionsToCheck): void {
  if (options.fromSavepoint !== undefined) {
    throw new CommandLineError(
      `not available yet: --from-savepoint ${options.fromSavepoint} (${SAVEPOINTS_NOT_AVAILABLE}). ` +
        'Drop the option to start the job from scratch.',
    );
  }
  if (options.detached && !options.onCluster) {
    throw new CommandLineError(
      'not available in embedded mode: --detached (an embedded job lives in this process and ends with it). ' +
        'Submit to a cluster with --jobmanager URL (or WEIR_JOBMANAGER), or drop the option.',
    );
  }
}
