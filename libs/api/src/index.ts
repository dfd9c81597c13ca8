/**
 * @weir/api: everything a job imports. The DataStream API itself, plus what it is written with,
 * re-exported from @weir/common and @weir/core (time, errors, functions, state descriptors,
 * windows, watermarks, side outputs, the source and sink interfaces, restart strategies), so a job
 * needs no other Weir import.
 */
export { defineJob, type JobBuildFunction, type JobOptions } from './define-job';
export {
  StreamExecutionEnvironment,
  DEFAULT_JOB_NAME,
  type LocalEnvironmentOptions,
} from './stream-execution-environment';
export { CheckpointConfigView, MINIMAL_CHECKPOINT_INTERVAL_MS } from './checkpoint-config-view';
export { ExecutionConfigView } from './execution-config-view';
export { DataStream } from './data-stream';
export { DataStreamSink } from './data-stream-sink';
export { KeyedStream } from './keyed-stream';
export { WindowedStream } from './windowed-stream';
export { AllWindowedStream } from './all-windowed-stream';
export { ConnectedStreams } from './connected-streams';
export { BroadcastStream } from './broadcast-stream';
export { BroadcastConnectedStream } from './broadcast-connected-stream';
export {
  JoinedStreams,
  JoinedStreamsWhere,
  JoinedStreamsEqualTo,
  JoinedStreamsWithWindow,
  type TaggedUnion,
} from './joined-streams';
export { IntervalJoin, IntervalJoined } from './interval-join';
export type { NumericField } from './field-aggregation';
export type { ProcessLike, KeyedProcessLike } from './user-functions';
export type { JobClient, JobExecutionResult, JobProgress, JobStatus } from '@weir/runtime';

export {
  Time,
  NO_TIMESTAMP,
  MAX_WATERMARK,
  MIN_WATERMARK,
  WeirError,
  JobDefinitionError,
  ConfigError,
  UserFunctionError,
  RecordError,
  JobExecutionError,
  JobCanceledError,
  RuntimeFailure,
  CheckpointError,
  type Key,
} from '@weir/common';

// User functions, side outputs and the contexts they are called with.
export {
  OutputTag,
  ProcessFunction,
  KeyedProcessFunction,
  CoProcessFunction,
  KeyedCoProcessFunction,
  ProcessJoinFunction,
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  type Collector,
  type RuntimeContext,
  type RichFunction,
  type TimerService,
  type TimeDomain,
  type BaseContext,
  type MapFunction,
  type FilterFunction,
  type FlatMapFunction,
  type ReduceFunction,
  type AggregateFunction,
  type KeySelector,
  type CoMapFunction,
  type CoFlatMapFunction,
  type JoinFunction,
  type MapLike,
  type FilterLike,
  type FlatMapLike,
  type ReduceLike,
  type JoinLike,
  type ProcessJoinLike,
} from '@weir/core';

// State.
export {
  ValueStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  AggregatingStateDescriptor,
  StateDescriptor,
  type StateDescriptorOptions,
  type StateTtlConfig,
  type State,
  type ValueState,
  type ListState,
  type MapState,
  type ReducingState,
  type AggregatingState,
  type BroadcastState,
  type ReadOnlyBroadcastState,
} from '@weir/core';

// Event time.
export {
  WatermarkStrategy,
  BoundedOutOfOrdernessWatermarks,
  type TimestampAssigner,
  type WatermarkGenerator,
  type WatermarkOutput,
} from '@weir/core';

// Windows.
export {
  Window,
  TimeWindow,
  GlobalWindow,
  WindowAssigner,
  MergingWindowAssigner,
  TumblingEventTimeWindows,
  SlidingEventTimeWindows,
  TumblingProcessingTimeWindows,
  SlidingProcessingTimeWindows,
  EventTimeSessionWindows,
  ProcessingTimeSessionWindows,
  GlobalWindows,
  Trigger,
  TriggerResults,
  EventTimeTrigger,
  ProcessingTimeTrigger,
  CountTrigger,
  PurgingTrigger,
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  NeverTrigger,
  Evictor,
  CountEvictor,
  TimeEvictor,
  DeltaEvictor,
  ProcessWindowFunction,
  type ProcessWindowLike,
  type ProcessAllWindowLike,
  type KeyedStateStore,
  type SessionGap,
  type DeltaFunction,
  type TriggerResult,
  type TriggerContext,
  type OnMergeContext,
  type TimestampedValue,
  type EvictorContext,
  type WindowAssignerContext,
} from '@weir/core';

// Sources, sinks and how a job runs.
export {
  CollectionSource,
  NumberSequenceSource,
  DataGeneratorSource,
  type DataGeneratorSourceOptions,
  PrintSink,
  CollectSink,
  DiscardingSink,
  RestartStrategies,
  type Source,
  type SourceSplit,
  type Boundedness,
  type Sink,
  type SinkWriter,
  type ClientSink,
  type RestartStrategy,
  type RuntimeMode,
  type StateBackendKind,
  type JobDefinition,
} from '@weir/core';
