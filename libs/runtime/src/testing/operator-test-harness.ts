import {
  checkMaxParallelism,
  checkParallelism,
  computeKeyGroupRangeForOperatorIndex,
  ConfigError,
  NO_TIMESTAMP,
  WeirError,
} from '@weir/common';
import { defaultExecutionConfig, type ExecutionConfig } from '@weir/core';
import { HeapKeyedStateBackend, HeapTimeServiceManager } from '@weir/state';
import type { OperatorContext } from '../operators/operator-context';
import type { StreamOperator } from '../operators/stream-operator';
import { ManualProcessingTimeService } from './manual-processing-time-service';
import { RecordingOutput, type HarnessOutputEvent, type TimestampedValue } from './recording-output';

export interface OperatorTestHarnessOptions {
  /** Gives the operator a heap keyed state backend and timer services (default false). */
  keyed?: boolean;
  numberOfInputs?: 1 | 2;
  /** Default 1. */
  parallelism?: number;
  /** Default 0. */
  subtaskIndex?: number;
  /** Default: `config.maxParallelism`, else 128. */
  maxParallelism?: number;
  config?: Partial<ExecutionConfig>;
  jobParameters?: Record<string, string>;
}

type Phase = 'created' | 'open' | 'finished' | 'closed';

/**
 * Runs one StreamOperator by hand, as Flink's OneInputStreamOperatorTestHarness (and its two-input
 * twin, with `numberOfInputs: 2`): the test feeds records, watermarks and processing time, and reads
 * back exactly what the operator emitted. The operator gets a real OperatorContext: uid and name
 * 'test-operator', and when keyed a HeapKeyedStateBackend over its subtask's key groups with a
 * HeapTimeServiceManager, so state and timers behave as in a job. Processing time is manual.
 */
export class OperatorTestHarness<OUT = unknown> {
  readonly context: OperatorContext;
  readonly processingTimeService: ManualProcessingTimeService;
  /** Everything the operator emitted on its main output, in order. */
  readonly output: HarnessOutputEvent<OUT>[];
  /** Values the operator sent to the job's client. */
  readonly clientValues: unknown[] = [];
  private readonly recording = new RecordingOutput<OUT>();
  private phase: Phase = 'created';

  constructor(
    readonly operator: StreamOperator<OUT>,
    options: OperatorTestHarnessOptions = {},
  ) {
    const parallelism = options.parallelism ?? 1;
    const subtaskIndex = options.subtaskIndex ?? 0;
    const maxParallelism =
      options.maxParallelism ?? options.config?.maxParallelism ?? defaultExecutionConfig(1).maxParallelism;
    const numberOfInputs = options.numberOfInputs ?? 1;
    checkMaxParallelism(maxParallelism, 'the operator under test');
    checkParallelism(parallelism, maxParallelism, 'the operator under test');
    if (!Number.isInteger(subtaskIndex) || subtaskIndex < 0 || subtaskIndex >= parallelism) {
      throw new ConfigError(
        `The subtaskIndex of the operator under test is ${subtaskIndex}; with parallelism ${parallelism} it must be from 0 to ${parallelism - 1}.`,
      );
    }
    const config: ExecutionConfig = {
      ...defaultExecutionConfig(parallelism),
      ...options.config,
      parallelism,
      maxParallelism,
    };
    this.processingTimeService = new ManualProcessingTimeService();
    const backend = options.keyed
      ? new HeapKeyedStateBackend({
          keyGroupRange: computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex),
          maxParallelism,
          clock: () => this.processingTimeService.getCurrentProcessingTime(),
        })
      : undefined;
    const clientValues = this.clientValues;
    this.context = {
      operatorName: 'test-operator',
      uid: 'test-operator',
      subtaskIndex,
      parallelism,
      maxParallelism,
      attemptNumber: 0,
      jobId: 'test-job',
      config,
      jobParameters: { ...options.jobParameters },
      keyedStateBackend: backend,
      timeServiceManager:
        backend && new HeapTimeServiceManager({ backend, processingTimeService: this.processingTimeService }),
      processingTimeService: this.processingTimeService,
      sendToClient(values: unknown[]): void {
        for (const value of values) clientValues.push(value);
      },
    };
    this.output = this.recording.events;
    operator.setup(this.context, this.recording, numberOfInputs);
  }

  async open(): Promise<void> {
    this.expectPhase('created', 'open()');
    this.phase = 'open';
    await this.operator.open();
  }

  processElement(value: unknown, timestamp: number = NO_TIMESTAMP, input = 0): void {
    this.expectPhase('open', 'processElement()');
    this.operator.processElement(value, timestamp, input);
  }

  processWatermark(watermark: number, input = 0): void {
    this.expectPhase('open', 'processWatermark()');
    this.operator.processWatermark(watermark, input);
  }

  processWatermarkStatus(idle: boolean, input = 0): void {
    this.expectPhase('open', 'processWatermarkStatus()');
    this.operator.processWatermarkStatus(idle, input);
  }

  /** Moves processing time forward and fires whatever became due, in time order. */
  setProcessingTime(time: number): void {
    this.processingTimeService.setCurrentTime(time);
  }

  endInput(input = 0): void {
    this.expectPhase('open', 'endInput()');
    this.operator.endInput(input);
  }

  async finish(): Promise<void> {
    this.expectPhase('open', 'finish()');
    this.phase = 'finished';
    await this.operator.finish();
  }

  /** Closes the operator; allowed in any phase, as the runtime closes after failures too. */
  async close(): Promise<void> {
    if (this.phase === 'closed') throw new WeirError('The operator under test is already closed.');
    this.phase = 'closed';
    await this.operator.close();
  }

  /** The values of the emitted records. */
  records(): OUT[] {
    const values: OUT[] = [];
    for (const event of this.output) if (event.kind === 'record') values.push(event.value);
    return values;
  }

  recordsWithTimestamps(): TimestampedValue<OUT>[] {
    const records: TimestampedValue<OUT>[] = [];
    for (const event of this.output) {
      if (event.kind === 'record') records.push({ value: event.value, timestamp: event.timestamp });
    }
    return records;
  }

  watermarks(): number[] {
    const watermarks: number[] = [];
    for (const event of this.output) if (event.kind === 'watermark') watermarks.push(event.watermark);
    return watermarks;
  }

  /** The values emitted to the side output with this tag id. */
  sideOutput<T = unknown>(tagId: string): T[] {
    return this.sideOutputWithTimestamps<T>(tagId).map((record) => record.value);
  }

  sideOutputWithTimestamps<T = unknown>(tagId: string): TimestampedValue<T>[] {
    return (this.recording.sideOutputs.get(tagId) ?? []) as TimestampedValue<T>[];
  }

  /** Forgets what was emitted so far (main and side outputs), to check the next step on its own. */
  clearOutput(): void {
    this.recording.clear();
  }

  private expectPhase(phase: Phase, call: string): void {
    if (this.phase === phase) return;
    const hint = this.phase === 'created' ? 'call `await harness.open()` first' : `the operator is ${this.phase}`;
    throw new WeirError(`OperatorTestHarness: ${call} is not allowed now; ${hint}.`);
  }
}
