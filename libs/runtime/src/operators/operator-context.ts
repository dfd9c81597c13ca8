import type { ExecutionConfig } from '@weir/core';
import type { InternalTimeServiceManager, KeyedStateBackend, ProcessingTimeService } from '@weir/state';

/** What the runtime gives an operator instance: who and where it is, and its state and clocks. */
export interface OperatorContext {
  /** The job's id: the same across its restarts and restores (a two-phase-commit sink names commits by it). */
  readonly jobId: string;
  readonly operatorName: string;
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly attemptNumber: number;
  readonly config: ExecutionConfig;
  readonly jobParameters: Readonly<Record<string, string>>;
  /** Present for keyed operators only. */
  readonly keyedStateBackend: KeyedStateBackend | undefined;
  /** Present for keyed operators only. */
  readonly timeServiceManager: InternalTimeServiceManager | undefined;
  readonly processingTimeService: ProcessingTimeService;
  /** Sends values to the job's client (collecting sinks). */
  sendToClient(values: unknown[]): void;
}
