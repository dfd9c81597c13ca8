/** @weir/taskmanager: a TaskManager process (`startTaskManager`), what `weir taskmanager` runs. */
export { startTaskManager, type RunningTaskManager } from './start-task-manager';
