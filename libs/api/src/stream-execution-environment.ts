/**
 * The StreamExecutionEnvironment: where a job's dataflow starts (its sources) and how it runs
 * (parallelism, checkpoints, restarts, state backend). It owns the StreamGraph that every
 * DataStream operation adds to, and hands that graph to the runtime's executor on `execute()`;
 * it never runs anything itself.
 */
import { availableParallelism } from 'node:os';
import { ConfigError, UPPER_BOUND_MAX_PARALLELISM } from '@weir/common';
import {
  CollectionSource,
  NumberSequenceSource,
  StreamGraph,
  WatermarkStrategy,
  defaultExecutionConfig,
  type CheckpointingMode,
  type OperatorSpec,
  type RestartStrategy,
  type RuntimeMode,
  type Source,
  type SourceSplit,
  type StateBackendKind,
} from '@weir/core';
import {
  activePlanCapture,
  executeLocally,
  type JobClient,
  type PlanCapture,
  type SavepointRestoreSettings,
} from '@weir/runtime';
import { CheckpointConfigView, MINIMAL_CHECKPOINT_INTERVAL_MS } from './checkpoint-config-view';
import { configError, requireOneOf, requireWholeNumber } from './config-values';
import { DataStream } from './data-stream';
import { captureDeclarationSite, declarationError } from './declaration-site';
import { ExecutionConfigView } from './execution-config-view';
import { outputOf, type ConnectableStream, type StreamInput } from './stream-input';
import { checkWatermarkStrategy, describeValue } from './user-functions';

export interface LocalEnvironmentOptions {
  /** The default parallelism of the job's operators (default: the number of CPU cores). */
  parallelism?: number;
  /**
   * Start the job from this savepoint: its name in the job's checkpoint storage, or the absolute
   * path of its directory (what `client.triggerSavepoint()` returned).
   */
  fromSavepoint?: string;
  /** With `fromSavepoint`: drop the state of operators the job no longer has instead of refusing to start. */
  allowNonRestoredState?: boolean;
}

/** What a job is called when `execute()` is given no name (Flink's "Flink Streaming Job"). */
export const DEFAULT_JOB_NAME = 'Weir Streaming Job';

const RESTART_STRATEGY_KINDS: readonly RestartStrategy['kind'][] = ['none', 'fixed-delay', 'exponential-delay'];
const STATE_BACKENDS: readonly StateBackendKind[] = ['heap', 'disk'];
const RUNTIME_MODES: readonly RuntimeMode[] = ['streaming', 'batch', 'automatic'];

/** Where `execute()` runs the job: embedded, on a cluster, or nowhere (its plan is being captured). */
type ExecutionTarget =
  { kind: 'local' } | { kind: 'cluster'; jobManager: string } | { kind: 'capture'; capture: PlanCapture };

export class StreamExecutionEnvironment {
  private target: ExecutionTarget = { kind: 'local' };
  private graph: StreamGraph;
  private readonly checkpointConfig = new CheckpointConfigView(() => this.graph.config.checkpoint);
  private readonly executionConfig = new ExecutionConfigView(() => this.graph.config);

  private constructor(
    parallelism: number,
    jobName: string,
    jobParameters: Readonly<Record<string, string>>,
    /** Set inside `defineJob`, where `weir run` (not the build function) executes the job. */
    private readonly definedBy: string | undefined,
    private readonly restoreFrom?: SavepointRestoreSettings,
  ) {
    this.graph = new StreamGraph(jobName, defaultExecutionConfig(parallelism), jobParameters);
  }

  /** The embedded runtime, for programs and tests: the job runs in this process. */
  static createLocalEnvironment(options: LocalEnvironmentOptions = {}): StreamExecutionEnvironment {
    const parallelism =
      options.parallelism === undefined
        ? availableParallelism()
        : requireWholeNumber(options.parallelism, 1, 'createLocalEnvironment()', 'the parallelism');
    const restoreFrom =
      options.fromSavepoint === undefined
        ? undefined
        : { savepoint: options.fromSavepoint, allowNonRestoredState: options.allowNonRestoredState ?? false };
    return new StreamExecutionEnvironment(parallelism, DEFAULT_JOB_NAME, {}, undefined, restoreFrom);
  }

  /**
   * The cluster when one is configured (`WEIR_JOBMANAGER`): `execute()` then ships this program to
   * it. Else the embedded runtime. Where the cluster loads the program to find its functions, an
   * environment that captures the plan (`activePlanCapture`) instead of running it.
   */
  static getExecutionEnvironment(): StreamExecutionEnvironment {
    const capture = activePlanCapture();
    if (capture !== undefined) {
      const { parallelism, args } = capture.options;
      const env = new StreamExecutionEnvironment(
        parallelism ?? availableParallelism(),
        DEFAULT_JOB_NAME,
        args,
        undefined,
      );
      env.target = { kind: 'capture', capture };
      return env;
    }
    const env = StreamExecutionEnvironment.createLocalEnvironment();
    const jobManager = process.env.WEIR_JOBMANAGER;
    if (jobManager) env.target = { kind: 'cluster', jobManager };
    return env;
  }

  /** @internal The environment `defineJob` hands to a job's build function. */
  static forJobDefinition(
    jobName: string,
    parallelism: number,
    args: Readonly<Record<string, string>>,
  ): StreamExecutionEnvironment {
    return new StreamExecutionEnvironment(parallelism, jobName, args, jobName);
  }

  /** The default parallelism of the job's operators; an operator's own `setParallelism` wins. */
  setParallelism(parallelism: number): this {
    this.graph.config.parallelism = requireWholeNumber(parallelism, 1, 'setParallelism()', 'the parallelism');
    return this;
  }

  getParallelism(): number {
    return this.graph.config.parallelism;
  }

  /** The number of key groups (default 128): the most subtasks a keyed operator can ever be rescaled to. */
  setMaxParallelism(maxParallelism: number): this {
    if (!Number.isSafeInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
      throw configError(
        'setMaxParallelism()',
        `the max parallelism must be a whole number from 1 to ${UPPER_BOUND_MAX_PARALLELISM}, not ${String(maxParallelism)}.`,
      );
    }
    this.graph.config.maxParallelism = maxParallelism;
    return this;
  }

  getMaxParallelism(): number {
    return this.graph.config.maxParallelism;
  }

  /** Takes a checkpoint every `intervalMs` (at least 10 ms), so the job can recover exactly-once. */
  enableCheckpointing(intervalMs: number, mode: CheckpointingMode = 'exactly-once'): this {
    this.graph.config.checkpoint.intervalMs = requireWholeNumber(
      intervalMs,
      MINIMAL_CHECKPOINT_INTERVAL_MS,
      'enableCheckpointing()',
      'the checkpoint interval (ms)',
    );
    this.checkpointConfig.setCheckpointingMode(mode);
    return this;
  }

  getCheckpointConfig(): CheckpointConfigView {
    return this.checkpointConfig;
  }

  /** What happens when the job fails: `RestartStrategies.fixedDelay(…)`, `exponentialDelay(…)` or `none()`. */
  setRestartStrategy(strategy: RestartStrategy): this {
    const kind = (strategy as Partial<RestartStrategy> | undefined)?.kind as RestartStrategy['kind'];
    requireOneOf(kind, RESTART_STRATEGY_KINDS, 'setRestartStrategy()', 'the restart strategy (from RestartStrategies)');
    this.graph.config.restartStrategy = strategy;
    return this;
  }

  setStateBackend(backend: StateBackendKind): this {
    this.graph.config.stateBackend = requireOneOf(backend, STATE_BACKENDS, 'setStateBackend()', 'the state backend');
    return this;
  }

  setRuntimeMode(mode: RuntimeMode): this {
    this.graph.config.runtimeMode = requireOneOf(mode, RUNTIME_MODES, 'setRuntimeMode()', 'the runtime mode');
    return this;
  }

  /** How long a partly filled output buffer may wait before it is sent, in ms (0: at once). */
  setBufferTimeout(timeoutMs: number): this {
    this.executionConfig.setBufferTimeout(timeoutMs);
    return this;
  }

  getConfig(): ExecutionConfigView {
    return this.executionConfig;
  }

  /** A bounded, non-parallel source of the given elements, in order. */
  fromElements<T>(...elements: T[]): DataStream<T> {
    if (elements.length === 0) {
      throw declarationError(
        'fromElements()',
        'it needs at least one element; for a stream that may be empty use fromCollection<T>([]).',
      );
    }
    return this.addSource(new CollectionSource<T>(elements), 'Collection Source');
  }

  /** A bounded, non-parallel source of what the iterable holds, in order. */
  fromCollection<T>(elements: Iterable<T>): DataStream<T> {
    const iterable = elements as Partial<Iterable<T>> | null | undefined;
    if (iterable === null || iterable === undefined || typeof iterable[Symbol.iterator] !== 'function') {
      throw declarationError(
        'fromCollection()',
        `it needs an iterable (an array, a Set, a generator…), not ${describeValue(elements)}.`,
      );
    }
    return this.addSource(new CollectionSource<T>(elements), 'Collection Source');
  }

  /** A bounded, parallel source of the whole numbers from `from` to `to`, both included. */
  fromSequence(from: number, to: number): DataStream<number> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
      throw declarationError(
        'fromSequence()',
        `it needs two whole numbers with from <= to, not from=${String(from)}, to=${String(to)}.`,
      );
    }
    return this.addSource(new NumberSequenceSource(from, to), 'Sequence Source');
  }

  /**
   * Reads a connector's source; the strategy gives the stream event time (or none, with
   * `WatermarkStrategy.noWatermarks()`). The element type is the source's, or for an untyped
   * source (a `Source<unknown>`, e.g. of parsed JSON) the one the strategy names.
   */
  fromSource<T, S extends SourceSplit, C>(
    source: Source<T, S, C>,
    watermarkStrategy: WatermarkStrategy<NoInfer<T>>,
    sourceName: string,
  ): DataStream<T>;
  fromSource<T, U, S extends SourceSplit, C>(
    source: Source<U, S, C> & (unknown extends U ? unknown : never),
    watermarkStrategy: WatermarkStrategy<T>,
    sourceName: string,
  ): DataStream<T>;
  fromSource<T>(
    source: Source<T, SourceSplit, unknown>,
    watermarkStrategy: WatermarkStrategy<T>,
    sourceName: string,
  ): DataStream<T> {
    checkSource(source);
    checkWatermarkStrategy(watermarkStrategy, 'fromSource()');
    if (typeof sourceName !== 'string' || sourceName.trim() === '') {
      throw declarationError(
        'fromSource()',
        `the source needs a name (the third argument), such as 'clicks', not ${describeValue(sourceName)}.`,
      );
    }
    return this.addSource(source, sourceName, watermarkStrategy);
  }

  /**
   * Runs the job declared so far on the embedded runtime and returns its client. The environment
   * then starts a new, empty job, as Flink's does.
   */
  execute(jobName?: string): Promise<JobClient> {
    if (this.definedBy !== undefined) {
      throw declarationError(
        'execute()',
        `the build function of job '${this.definedBy}' only declares the dataflow; 'weir run' executes it. ` +
          'Remove the call, or create an environment with StreamExecutionEnvironment.createLocalEnvironment() ' +
          'to run a pipeline from a program or a test.',
      );
    }
    const graph = this.graph;
    if (jobName !== undefined) graph.jobName = jobName;
    this.graph = new StreamGraph(DEFAULT_JOB_NAME, structuredClone(graph.config), graph.jobParameters);
    switch (this.target.kind) {
      case 'local':
        return executeLocally(graph, { restoreFrom: this.restoreFrom });
      case 'capture':
        // The plan is what was wanted; the program waits here, never to run its job in this process.
        this.target.capture.graph ??= graph;
        return new Promise<never>(() => undefined);
      case 'cluster':
        return executeOnCluster(graph, this.target.jobManager);
    }
  }

  /** The dataflow declared so far (the graph `execute()` would run). */
  getStreamGraph(): StreamGraph {
    return this.graph;
  }

  /** @internal Declares an operator whose input number i reads `inputs[i]`, and returns its output stream. */
  addOperator<R>(
    call: string,
    operator: OperatorSpec,
    name: string,
    inputs: readonly ConnectableStream[],
  ): DataStream<R> {
    const inputLists: (readonly StreamInput[])[] = inputs.map((input) => this.inputsOf(input, call));
    const node = this.graph.addNode(operator, name, captureDeclarationSite());
    for (let inputIndex = 0; inputIndex < inputLists.length; inputIndex++) {
      for (const input of inputLists[inputIndex]) {
        this.graph.addEdge({
          sourceId: input.nodeId,
          targetId: node.id,
          partitioner: input.partitioner,
          inputIndex: inputIndex as 0 | 1,
          sideOutputTag: input.sideOutputTag,
          partitionerSetByUser: input.partitionerSetByUser,
        });
      }
    }
    return new DataStream<R>(this, this.graph, [outputOf(node.id)], node);
  }

  /** @internal Checks that `stream` can feed an operator of this environment's current job. */
  inputsOf(stream: ConnectableStream, call: string): readonly StreamInput[] {
    if (!(stream instanceof DataStream)) {
      throw declarationError(call, `expects a DataStream, not ${describeValue(stream)}.`);
    }
    if (stream.getExecutionEnvironment() !== this) {
      throw declarationError(
        call,
        'the streams come from two different environments; declare the whole pipeline on one environment.',
      );
    }
    if (stream.graph !== this.graph) {
      throw declarationError(
        call,
        'the stream belongs to a job that was already executed (execute() and executeAndCollect() start a new ' +
          'job); declare the pipeline again, starting from its source.',
      );
    }
    return stream.inputs;
  }

  private addSource<T>(
    source: Source<T, SourceSplit, unknown>,
    sourceName: string,
    watermarkStrategy: WatermarkStrategy<T> = WatermarkStrategy.noWatermarks<T>(),
  ): DataStream<T> {
    const operator: OperatorSpec = {
      kind: 'source',
      source: source as Source<unknown, SourceSplit, unknown>,
      watermarkStrategy: watermarkStrategy as WatermarkStrategy<unknown>,
    };
    return this.addOperator<T>('fromSource()', operator, `Source: ${sourceName}`, []);
  }
}

/** Ships this program to the cluster (loaded only then: a job's own imports stay small). */
async function executeOnCluster(graph: StreamGraph, jobManager: string): Promise<JobClient> {
  const programFile = require.main?.filename;
  if (programFile === undefined) {
    throw new ConfigError(
      `WEIR_JOBMANAGER is set (${jobManager}), but this program has no file to ship to the cluster (it was not ` +
        "started as `node program.js`); run a job module with 'weir run job.ts', or unset WEIR_JOBMANAGER.",
    );
  }
  const cluster = await import('@weir/cluster');
  return cluster.executeOnCluster(graph, { jobManager, programFile });
}

function checkSource(source: unknown): void {
  const s = source as Partial<Source<unknown>> | null | undefined;
  const isSource =
    typeof s === 'object' &&
    s !== null &&
    (s.boundedness === 'bounded' || s.boundedness === 'unbounded') &&
    typeof s.createEnumerator === 'function' &&
    typeof s.createReader === 'function';
  if (!isSource) {
    throw declarationError(
      'fromSource()',
      `expects a Source (with boundedness, createEnumerator() and createReader()), such as a connector's ` +
        `kafkaSource(...), not ${describeValue(source)}.`,
    );
  }
}
