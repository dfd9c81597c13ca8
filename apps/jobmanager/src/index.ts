/** @weir/jobmanager: the JobManager process (`startJobManager`), what `weir jobmanager` runs. */
export { startJobManager, type RunningJobManager } from './start-job-manager';
