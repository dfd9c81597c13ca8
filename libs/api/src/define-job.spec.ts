import { availableParallelism } from 'node:os';
import { ConfigError, JobDefinitionError } from '@weir/common';
import { CollectSink, isJobDefinition } from '@weir/core';
import { executeLocally } from '@weir/runtime';
import { defineJob, type StreamExecutionEnvironment } from './index';

const doubling = defineJob({ name: 'doubling' }, (env, args) => {
  env
    .fromElements(1, 2, 3)
    .map((x) => x * Number(args.factor ?? 2))
    .print();
});

describe('defineJob', () => {
  it('is a job definition named as given', () => {
    expect(isJobDefinition(doubling)).toBe(true);
    expect(doubling.name).toBe('doubling');
  });

  it('builds the graph in a fresh environment each time, with -p as the default parallelism', () => {
    const first = doubling.buildGraph({ args: { factor: '3' }, parallelism: 4 });
    const second = doubling.buildGraph({ args: {} });
    expect(first).not.toBe(second);
    expect(first.jobName).toBe('doubling');
    expect(first.jobParameters).toEqual({ factor: '3' });
    expect(first.config.parallelism).toBe(4);
    expect(second.config.parallelism).toBe(availableParallelism());
    expect([...first.nodes.values()].map((n) => [n.id, n.uid, n.name])).toEqual([
      ...[...second.nodes.values()].map((n) => [n.id, n.uid, n.name]),
    ]);
  });

  it("lets the job's own setParallelism win over -p", () => {
    const job = defineJob({ name: 'fixed' }, (env) => {
      env.setParallelism(2);
      env.fromElements(1).print();
    });
    expect(job.buildGraph({ args: {}, parallelism: 8 }).config.parallelism).toBe(2);
  });

  it('hands the arguments to the build function, frozen', () => {
    let seen: Readonly<Record<string, string>> | undefined;
    const job = defineJob({ name: 'args' }, (env, args) => {
      seen = args;
      env.fromElements(1).print();
    });
    job.buildGraph({ args: { brokers: 'localhost:9092' } });
    expect(seen).toEqual({ brokers: 'localhost:9092' });
    expect(Object.isFrozen(seen)).toBe(true);
  });

  it('runs: the graph it builds is what the executor runs', async () => {
    const sink = new CollectSink<number>();
    const job = defineJob({ name: 'collect' }, (env) => {
      env
        .fromElements(1, 2, 3)
        .map((x) => x * 2)
        .sinkTo(sink);
    });
    const client = await executeLocally(job.buildGraph({ args: {}, parallelism: 1 }));
    await client.result();
    expect(sink.values).toEqual([2, 4, 6]);
  });

  describe('errors', () => {
    const build = (fn: (env: StreamExecutionEnvironment) => void) =>
      defineJob({ name: 'broken' }, fn).buildGraph({ args: {} });

    it('a job without a sink', () => {
      expect(() => build((env) => void env.fromElements(1).map((x) => x))).toThrow(
        "Job 'broken' declares no sink, so it would compute nothing visible; end the pipeline with sinkTo(...) or print().",
      );
    });

    it('a build function that throws: wrapped, with the cause kept', () => {
      const cause = new TypeError('args.topic is undefined');
      let error: unknown;
      try {
        build(() => {
          throw cause;
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JobDefinitionError);
      expect((error as Error).message).toBe(
        "Job 'broken' could not be built: its build function threw TypeError: args.topic is undefined.",
      );
      expect((error as Error).cause).toBe(cause);
    });

    it('a declaration error passes through as it is, naming the call and line', () => {
      expect(() => build((env) => env.fromElements(1).keyBy(42 as never))).toThrow(
        /^keyBy\(\) \(declared at libs\/api\/src\/define-job\.spec\.ts:\d+\): the key selector must be a function/,
      );
    });

    it('a build function that is async, or that executes the job itself', () => {
      expect(() =>
        defineJob({ name: 'async' }, (async (env: StreamExecutionEnvironment) => {
          env.fromElements(1).print();
        }) as never).buildGraph({ args: {} }),
      ).toThrow("Job 'async': the build function returned a promise, but it must declare the dataflow synchronously");
      expect(() =>
        build((env) => {
          env.fromElements(1).print();
          void env.execute();
        }),
      ).toThrow("the build function of job 'broken' only declares the dataflow; 'weir run' executes it.");
    });

    it('bad options', () => {
      expect(() => defineJob({ name: '' }, () => undefined)).toThrow('defineJob() needs a job name');
      expect(() => defineJob({ name: 'x' }, undefined as never)).toThrow(
        "defineJob({ name: 'x' }, build) needs a build function (env, args) => { … }, not undefined.",
      );
      expect(() => doubling.buildGraph({ args: {}, parallelism: 0 })).toThrow(ConfigError);
    });
  });
});
