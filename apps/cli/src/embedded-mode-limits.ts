/**
 * What the command line names but this version of Weir cannot do yet: savepoints of a cluster's
 * jobs, which come with the JobManager's savepoint commands; and what only a cluster can do, asked
 * of an embedded run. Everything that refuses for those reasons refuses here.
 */
import { CommandLineError } from './command-line-error';

/** Shown wherever a savepoint is asked for: in errors and beside the savepoint commands in the help. */
export const SAVEPOINTS_NOT_AVAILABLE =
  "a cluster's JobManager does not take savepoints yet (an embedded job takes one with client.triggerSavepoint())";

/** `weir savepoint`, `weir stop`. */
export function savepointCommandUnavailable(command: string): CommandLineError {
  return new CommandLineError(`'weir ${command}' takes a savepoint: ${SAVEPOINTS_NOT_AVAILABLE}.`);
}

/** The options of `weir run` that need a cluster, or that a cluster cannot honour yet. */
export interface RunOptionsToCheck {
  /** Whether the job goes to a cluster (--jobmanager or WEIR_JOBMANAGER). */
  onCluster: boolean;
  fromSavepoint: string | undefined;
  detached: boolean;
}

/** Refuses a `weir run` option this run cannot honour, naming it. */
export function checkRunOptions(options: RunOptionsToCheck): void {
  if (options.fromSavepoint !== undefined && options.onCluster) {
    throw new CommandLineError(
      `not available on a cluster yet: --from-savepoint ${options.fromSavepoint} (${SAVEPOINTS_NOT_AVAILABLE}). ` +
        'Run the job embedded (without --jobmanager), or drop the option to start it from scratch.',
    );
  }
  if (options.detached && !options.onCluster) {
    throw new CommandLineError(
      'not available in embedded mode: --detached (an embedded job lives in this process and ends with it). ' +
        'Submit to a cluster with --jobmanager URL (or WEIR_JOBMANAGER), or drop the option.',
    );
  }
}
