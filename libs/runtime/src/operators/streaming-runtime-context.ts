import { JobDefinitionError } from '@weir/common';
import type {
  AggregatingState,
  AggregatingStateDescriptor,
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ReducingState,
  ReducingStateDescriptor,
  RuntimeContext,
  StateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from '@weir/core';
import type { KeyedStateBackend } from '@weir/state';
import type { OperatorContext } from './operator-context';

/**
 * The RuntimeContext a user function's `open` gets (Flink's StreamingRuntimeContext): who the
 * subtask is, and on a keyed stream the operator's keyed state. State objects are the backend's own,
 * so they follow the current key the operator sets before each record and timer.
 */
export class StreamingRuntimeContext implements RuntimeContext {
  constructor(private readonly ctx: OperatorContext) {}

  getTaskName(): string {
    return this.ctx.operatorName;
  }

  getIndexOfThisSubtask(): number {
    return this.ctx.subtaskIndex;
  }

  getNumberOfParallelSubtasks(): number {
    return this.ctx.parallelism;
  }

  getMaxNumberOfParallelSubtasks(): number {
    return this.ctx.maxParallelism;
  }

  getAttemptNumber(): number {
    return this.ctx.attemptNumber;
  }

  getJobParameters(): Readonly<Record<string, string>> {
    return this.ctx.jobParameters;
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.keyedBackend(descriptor).getValueState(descriptor);
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.keyedBackend(descriptor).getListState(descriptor);
  }

  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV> {
    return this.keyedBackend(descriptor).getMapState(descriptor);
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.keyedBackend(descriptor).getReducingState(descriptor);
  }

  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.keyedBackend(descriptor).getAggregatingState(descriptor);
  }

  private keyedBackend(descriptor: StateDescriptor): KeyedStateBackend {
    const backend = this.ctx.keyedStateBackend;
    if (backend === undefined) {
      throw new JobDefinitionError(
        `Operator '${this.ctx.operatorName}' asked for keyed state '${descriptor.name}', but keyed state ` +
          'needs a keyed stream: call keyBy() first and apply the function to the KeyedStream.',
      );
    }
    return backend;
  }
}
