import {
  CollectSink,
  DataGeneratorSource,
  JobCanceledError,
  JobDefinitionError,
  JobExecutionError,
  RestartStrategies,
  StreamExecutionEnvironment,
  UserFunctionError,
  WatermarkStrategy,
  type MapFunction,
  type RuntimeContext,
} from '@weir/api';
import { bundleJobFile, executeLocally, loadJobBundle, type JobClient } from '@weir/runtime';
import { join } from 'node:path';

const fixture = (name: string) => join(__dirname, 'fixtures', `${name}.ts`);

/** Runs a job module as `weir run` does: bundled, on worker threads. */
async function runModule(name: string, args: Record<string, string> = {}, parallelism = 2): Promise<JobClient> {
  const bundle = await bundleJobFile(fixture(name));
  const graph = loadJobBundle(bundle).buildGraph({ args, parallelism });
  return executeLocally(graph, { bundle });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the job to fail');
}

describe('embedded executor', () => {
  it('fails a job whose user function throws, with the operator, the user’s error and its stack (worker threads)', async () => {
    const client = await runModule('failing-map');
    const error = await failureOf(client.result());
    expect(error).toBeInstanceOf(JobExecutionError);
    expect(error.message).toMatch(/Job 'failing-map' failed: TypeError: cannot handle 500 \(in operator 'explode'\)/);
    const operatorError = error.cause as UserFunctionError;
    expect(operatorError).toBeInstanceOf(UserFunctionError);
    expect(operatorError.operatorName).toBe('explode');
    const userError = operatorError.cause as Error;
    expect(userError.name).toBe('TypeError');
    expect(userError.message).toBe('cannot handle 500');
    // The stack points into the user's TypeScript file, through the bundle's source map.
    expect(userError.stack).toMatch(/failing-map\.ts:\d+/);
    expect(client.status()).toBe('failed');
  });

  it('restarts a failed job by its restart strategy, and a collecting sink sees each record once', async () => {
    class FailOnFirstAttempt implements MapFunction<number, number> {
      private attempt = 0;
      open(ctx: RuntimeContext) {
        this.attempt = ctx.getAttemptNumber();
      }
      map(n: number) {
        if (this.attempt === 1 && n === 700) throw new Error('transient');
        return n;
      }
    }
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    env.setRestartStrategy(RestartStrategies.fixedDelay(2, 10));
    const sink = new CollectSink<number>();
    env.fromSequence(1, 1000).map(new FailOnFirstAttempt()).sinkTo(sink);
    const client = await env.execute('restarting');
    const result = await client.result();
    expect(result.restarts).toBe(1);
    expect(sink.values.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('gives up after the restart strategy’s attempts', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 1 });
    env.setRestartStrategy(RestartStrategies.fixedDelay(2, 1));
    env
      .fromSequence(1, 10)
      .map((n) => {
        if (n === 5) throw new Error('always');
        return n;
      })
      .print();
    const client = await env.execute('hopeless');
    const error = await failureOf(client.result());
    expect(error.message).toMatch(/always/);
    expect(client.status()).toBe('failed');
  });

  it('cancels an unbounded job', async () => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism: 2 });
    const sink = new CollectSink<number>();
    env
      .fromSource(new DataGeneratorSource({ generate: (i) => i }), WatermarkStrategy.noWatermarks(), 'forever')
      .sinkTo(sink);
    const client = await env.execute('unbounded');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.status()).toBe('running');
    await client.cancel();
    expect(client.status()).toBe('canceled');
    expect(await failureOf(client.result())).toBeInstanceOf(JobCanceledError);
    expect(client.progress().recordsFromSources).toBeGreaterThan(0);
  });

  it('holds a fast source at the pace of a slow sink across threads: records in flight stay bounded', async () => {
    const client = await runModule('slow-sink');
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const p = client.progress();
      samples.push(p.recordsFromSources - p.recordsToSinks);
    }
    await client.cancel();
    const last = client.progress();
    // Unchecked, the source would be millions ahead within a second. Bounded by credits and batch
    // sizes: 2 channels per sender x (4 credits + 1 partial) batches x 512 records, plus the queue
    // of one thread's progress report.
    expect(last.recordsToSinks).toBeGreaterThan(1000);
    for (const inFlight of samples) expect(inFlight).toBeLessThan(50_000);
  });

  it('runs keyed state across worker threads with the same result as on one', async () => {
    for (const parallelism of [1, 2, 4]) {
      const client = await runModule('keyed-count', { events: '100000' }, parallelism);
      await client.result();
      expect(client.progress().recordsFromSources).toBe(100_000);
      expect(client.progress().recordsToSinks).toBe(50);
    }
  });

  it('refuses a job whose build function gives each worker a different plan', async () => {
    const client = await runModule('random-plan');
    const error = await failureOf(client.result());
    expect(error.cause).toBeInstanceOf(JobDefinitionError);
    expect(error.message).toMatch(/built a different plan in a worker thread/);
  });
});
