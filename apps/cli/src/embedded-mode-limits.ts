/** What only a cluster can do, asked of an embedded run: it refuses here, naming the option. */
import { CommandLineError } from './command-line-error';

/** The options of `weir run` that need a cluster. */
export interface RunOptionsToCheck {
  /** Whether the job goes to a cluster (--jobmanager or WEIR_JOBMANAGER). */
  onCluster: boolean;
  detached: boolean;
}

/** Refuses a `weir run` option this run cannot honour, naming it. */
export function checkRunOptions(options: RunOptionsToCheck): void {
  if (options.detached && !options.onCluster) {
    throw new CommandLineError(
      'not available in embedded mode: --detached (an embedded job lives in this process and ends with it). ' +
        'Submit to a cluster with --jobmanager URL (or WEIR_JOBMANAGER), or drop the option.',
    );
  }
}
