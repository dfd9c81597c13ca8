/**
 * What the command line names but this version of Weir cannot do yet, because there is no cluster
 * (JobManager, TaskManagers, savepoint storage) to do it with. Everything that refuses for that
 * reason refuses here, so the cluster work replaces this one file.
 */
import { CommandLineError } from './command-line-error';

/** Shown wherever a cluster is needed: in errors and beside the cluster commands in the help. */
export const CLUSTER_NOT_AVAILABLE =
  "cluster mode is not available yet; for now jobs run embedded, in this process, with 'weir run <job.ts>'";

/** `weir list`, `weir cancel`, `weir cluster up`… */
export function clusterCommandUnavailable(command: string): CommandLineError {
  return new CommandLineError(`'weir ${command}' is a cluster command: ${CLUSTER_NOT_AVAILABLE}.`);
}

/** The cluster-only options of `weir run`. */
export interface ClusterRunOptions {
  jobManager: { url: string; setBy: '--jobmanager' | 'WEIR_JOBMANAGER' } | undefined;
  fromSavepoint: string | undefined;
  detached: boolean;
}

/** Refuses a `weir run` that needs a cluster or savepoints, naming what asked for it. */
export function checkEmbeddedRun(options: ClusterRunOptions): void {
  if (options.jobManager !== undefined) {
    const { url, setBy } = options.jobManager;
    throw notAvailableInEmbeddedMode(
      `${setBy === '--jobmanager' ? '--jobmanager ' : 'WEIR_JOBMANAGER='}${url} (submitting the job to a cluster)`,
      setBy === '--jobmanager'
        ? 'Drop --jobmanager to run the job embedded'
        : 'Unset WEIR_JOBMANAGER to run the job embedded',
    );
  }
  if (options.fromSavepoint !== undefined) {
    throw notAvailableInEmbeddedMode(
      `--from-savepoint ${options.fromSavepoint} (savepoints come with the cluster)`,
      'Drop the option to start the job from scratch',
    );
  }
  if (options.detached) {
    throw notAvailableInEmbeddedMode(
      '--detached (an embedded job lives in this process and ends with it)',
      'Drop the option',
    );
  }
}

function notAvailableInEmbeddedMode(what: string, whatToDo: string): CommandLineError {
  return new CommandLineError(`not available in embedded mode yet: ${what}. ${whatToDo}.`);
}
