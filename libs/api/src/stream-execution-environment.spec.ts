import { availableParallelism } from 'node:os';
import { ConfigError, JobDefinitionError } from '@weir/common';
import { DataGeneratorSource, RestartStrategies, WatermarkStrategy, type Source } from '@weir/core';
import { capturePlan } from '@weir/runtime';
import { DEFAULT_JOB_NAME, StreamExecutionEnvironment } from './index';

const local = (parallelism = 2) => StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
const nodesOf = (env: StreamExecutionEnvironment) => [...env.getStreamGraph().nodes.values()];

afterEach(() => jest.restoreAllMocks());

describe('StreamExecutionEnvironment', () => {
  describe('creation', () => {
    it('defaults the parallelism to the number of cores', () => {
      expect(StreamExecutionEnvironment.createLocalEnvironment().getParallelism()).toBe(availableParallelism());
      expect(local(3).getParallelism()).toBe(3);
    });

    it('is embedded unless WEIR_JOBMANAGER names a cluster (test/cluster runs a program on one)', () => {
      const saved = process.env.WEIR_JOBMANAGER;
      try {
        delete process.env.WEIR_JOBMANAGER;
        expect(StreamExecutionEnvironment.getExecutionEnvironment()).toBeInstanceOf(StreamExecutionEnvironment);
        process.env.WEIR_JOBMANAGER = 'http://jm:8081';
        expect(StreamExecutionEnvironment.getExecutionEnvironment().getParallelism()).toBe(availableParallelism());
      } finally {
        if (saved === undefined) delete process.env.WEIR_JOBMANAGER;
        else process.env.WEIR_JOBMANAGER = saved;
      }
    });

    it('captures the plan instead of running it while the cluster loads a program', () => {
      const graph = capturePlan({ args: { n: '1' }, parallelism: 3 }, () => {
        const env = StreamExecutionEnvironment.getExecutionEnvironment();
        expect(env.getParallelism()).toBe(3);
        env.fromElements(1, 2).print();
        void env.execute('captured');
        // Only the first execute() counts, as in a program that runs several jobs one after another.
        env.fromElements(3).print();
        void env.execute('second');
      });
      expect(graph?.jobName).toBe('captured');
      expect(graph?.jobParameters).toEqual({ n: '1' });
    });
  });

  describe('configuration', () => {
    it('writes every setting into the ExecutionConfig that travels with the job', () => {
      const env = local()
        .setParallelism(4)
        .setMaxParallelism(256)
        .enableCheckpointing(5000)
        .setRestartStrategy(RestartStrategies.fixedDelay(3, 100))
        .setStateBackend('disk')
        .setRuntimeMode('batch')
        .setBufferTimeout(0);
      env.getConfig().setAutoWatermarkInterval(50);
      env
        .getCheckpointConfig()
        .setCheckpointTimeout(60_000)
        .setMinPauseBetweenCheckpoints(500)
        .setMaxConcurrentCheckpoints(2)
        .setTolerableCheckpointFailureNumber(3)
        .enableUnalignedCheckpoints();
      expect(env.getStreamGraph().config).toEqual({
        parallelism: 4,
        maxParallelism: 256,
        autoWatermarkIntervalMs: 50,
        bufferTimeoutMs: 0,
        restartStrategy: { kind: 'fixed-delay', attempts: 3, delayMs: 100 },
        checkpoint: {
          intervalMs: 5000,
          timeoutMs: 60_000,
          minPauseBetweenCheckpointsMs: 500,
          maxConcurrentCheckpoints: 2,
          tolerableFailedCheckpoints: 3,
          unaligned: true,
          mode: 'exactly-once',
          retainedCheckpoints: 1,
          externalizedRetention: 'delete-on-cancellation',
          storage: { kind: 'memory' },
        },
        stateBackend: 'disk',
        runtimeMode: 'batch',
      });
      expect(env.getCheckpointConfig().isCheckpointingEnabled()).toBe(true);
      expect(env.getConfig().getBufferTimeout()).toBe(0);
    });

    it('rejects values out of range with a ConfigError naming the setter', () => {
      const env = local();
      expect(() => env.setParallelism(0)).toThrow(ConfigError);
      expect(() => env.setParallelism(1.5)).toThrow(
        /^setParallelism\(\) \(called at libs\/api\/src\/stream-execution-environment\.spec\.ts:\d+\): the parallelism must be a whole number of at least 1, not 1\.5\.$/,
      );
      expect(() => env.setMaxParallelism(40_000)).toThrow('the max parallelism must be a whole number from 1 to 32768');
      expect(() => env.enableCheckpointing(5)).toThrow(
        'the checkpoint interval (ms) must be a whole number of at least 10',
      );
      expect(() => env.setStateBackend('rocksdb' as 'heap')).toThrow(
        `the state backend must be one of 'heap', 'disk', not "rocksdb".`,
      );
      expect(() => env.setRuntimeMode('fast' as 'batch')).toThrow(ConfigError);
      expect(() => env.setRestartStrategy({ kind: 'forever' } as never)).toThrow(ConfigError);
      expect(() => env.getConfig().setAutoWatermarkInterval(-1)).toThrow(ConfigError);
      expect(() => env.getCheckpointConfig().setMaxConcurrentCheckpoints(0)).toThrow(ConfigError);
      expect(() => StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 0 })).toThrow(ConfigError);
      expect(env.getParallelism()).toBe(2);
    });
  });

  describe('sources', () => {
    it('fromElements is a bounded source of parallelism 1 without event time', () => {
      const env = local();
      env.fromElements('a', 'b');
      const [node] = nodesOf(env);
      expect(node.name).toBe('Source: Collection Source');
      expect(node.operator.kind).toBe('source');
      if (node.operator.kind !== 'source') return;
      expect(node.operator.source.boundedness).toBe('bounded');
      expect(env.getStreamGraph().parallelismOf(node)).toBe(1);
      expect(node.operator.watermarkStrategy.generatesWatermarks).toBe(false);
      expect(node.declaredAt).toMatch(/^libs\/api\/src\/stream-execution-environment\.spec\.ts:\d+$/);
    });

    it('fromSequence is a parallel source', () => {
      const env = local(3);
      env.fromSequence(1, 10);
      const [node] = nodesOf(env);
      expect(node.name).toBe('Source: Sequence Source');
      expect(env.getStreamGraph().parallelismOf(node)).toBe(3);
    });

    it('fromSource keeps the strategy and names the node after the source', () => {
      const env = local();
      const source = new DataGeneratorSource({ generate: (i) => ({ i, ts: i * 10 }), count: 3 });
      const strategy = WatermarkStrategy.forMonotonousTimestamps<{ i: number; ts: number }>().withTimestampAssigner(
        (e) => e.ts,
      );
      env.fromSource(source, strategy, 'events');
      const [node] = nodesOf(env);
      expect(node.name).toBe('Source: events');
      expect(node.operator).toEqual({ kind: 'source', source, watermarkStrategy: strategy });
    });

    it('rejects what cannot be a source at declaration', () => {
      const env = local();
      expect(() => env.fromElements()).toThrow(
        'fromElements() (declared at libs/api/src/stream-execution-environment.spec.ts:',
      );
      expect(() => env.fromElements()).toThrow('it needs at least one element; for a stream that may be empty use');
      expect(() => env.fromCollection(42 as unknown as number[])).toThrow('it needs an iterable');
      expect(() => env.fromSequence(5, 1)).toThrow('it needs two whole numbers with from <= to, not from=5, to=1.');
      expect(() => env.fromSource({} as Source<number>, WatermarkStrategy.noWatermarks(), 'x')).toThrow(
        'expects a Source (with boundedness, createEnumerator() and createReader())',
      );
      const source = new DataGeneratorSource({ generate: (i) => i, count: 1 });
      expect(() => env.fromSource(source, undefined as never, 'x')).toThrow('expects a WatermarkStrategy');
      expect(() => env.fromSource(source, WatermarkStrategy.noWatermarks(), '')).toThrow('the source needs a name');
      expect(nodesOf(env)).toEqual([]);
    });
  });

  describe('execute', () => {
    it('runs the declared job and starts a new one', async () => {
      const printed: string[] = [];
      // Jest's stdout never calls write callbacks, which PrintSink waits for.
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
        printed.push(String(chunk));
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      });
      const env = local(1);
      const stream = env.fromElements(1, 2, 3);
      stream.map((x) => x + 1).print('out');
      const executed = env.getStreamGraph();
      const client = await env.execute('my job');
      expect(client.jobName).toBe('my job');
      await expect(client.result()).resolves.toMatchObject({ jobName: 'my job', restarts: 0 });
      expect(printed.join('')).toBe('out> 2\nout> 3\nout> 4\n');
      expect(env.getStreamGraph()).not.toBe(executed);
      expect(env.getStreamGraph().jobName).toBe(DEFAULT_JOB_NAME);
      expect(env.getStreamGraph().config).toEqual(executed.config);
      expect(() => stream.map((x) => x)).toThrow(JobDefinitionError);
      expect(() => stream.map((x) => x)).toThrow('the stream belongs to a job that was already executed');
    });

    it('does not mix streams of two environments', () => {
      const a = local().fromElements(1);
      const b = local().fromElements(2);
      expect(() => a.union(b)).toThrow('union() (declared at libs/api/src/stream-execution-environment.spec.ts:');
      expect(() => a.connect(b)).toThrow('the streams come from two different environments');
    });
  });
});
