/** `weir info` end to end: the plan of a job file, as text, JSON and Graphviz, from the built CLI. */
import { fixture, weir } from './weir-process';

const JOB = fixture('word-lengths-job.ts');

describe('weir info', () => {
  it('prints the plan as text', async () => {
    expect(await weir(['info', JOB, '-p', '2'])).toEqual({
      code: 0,
      signal: null,
      stderr: '',
      stdout: [
        "Job 'word-lengths' (streaming mode, parallelism 2, max parallelism 128)",
        '',
        'Vertices (3):',
        '  #1 Source: Collection Source  (parallelism 1)',
        `       Source: Collection Source  [source, uid source-1, at ${JOB}:12]`,
        '  #2 Measure  (parallelism 2)',
        `       Measure  [map, uid map-2, at ${JOB}:13]`,
        '  #3 Keyed Aggregation -> Sink: Print to Std. Out  (parallelism 2)',
        `       Keyed Aggregation  [keyedReduce, uid keyedReduce-3, at ${JOB}:16]`,
        `       Sink: Print to Std. Out  [sink, uid sink-4, at ${JOB}:17]`,
        '',
        'Network edges (2):',
        '  #1 -> #2  REBALANCE',
        '  #2 -> #3  HASH',
        '',
      ].join('\n'),
    });
  });

  it('prints a batch job’s mode and the combiner it runs before the shuffle', async () => {
    expect(await weir(['info', JOB, '-p', '2', '--mode', 'batch'])).toEqual({
      code: 0,
      signal: null,
      stderr: '',
      stdout: [
        "Job 'word-lengths' (batch mode, parallelism 2, max parallelism 128)",
        '',
        'Vertices (3):',
        '  #1 Source: Collection Source  (parallelism 1)',
        `       Source: Collection Source  [source, uid source-1, at ${JOB}:12]`,
        '  #2 Measure -> Combine (Keyed Aggregation)  (parallelism 2)',
        `       Measure  [map, uid map-2, at ${JOB}:13]`,
        `       Combine (Keyed Aggregation)  [localReduce, uid localReduce-5, at ${JOB}:16]`,
        '  #3 Keyed Aggregation -> Sink: Print to Std. Out  (parallelism 2)',
        `       Keyed Aggregation  [keyedReduce, uid keyedReduce-3, at ${JOB}:16]`,
        `       Sink: Print to Std. Out  [sink, uid sink-4, at ${JOB}:17]`,
        '',
        'Network edges (2):',
        '  #1 -> #2  REBALANCE',
        "  #2 -> #3  HASH, from 'Combine (Keyed Aggregation)'",
        '',
      ].join('\n'),
    });
  });

  it('prints the plan as JSON', async () => {
    const { code, stdout, stderr } = await weir(['info', JOB, '--json', '-p', '1']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      jobName: 'word-lengths',
      runtimeMode: 'streaming',
      parallelism: 1,
      maxParallelism: 128,
      vertices: [
        {
          id: 1,
          name: 'Source: Collection Source -> Measure',
          parallelism: 1,
          maxParallelism: 128,
          operators: [
            { id: 1, uid: 'source-1', name: 'Source: Collection Source', kind: 'source', declaredAt: `${JOB}:12` },
            { id: 2, uid: 'map-2', name: 'Measure', kind: 'map', declaredAt: `${JOB}:13` },
          ],
        },
        {
          id: 3,
          name: 'Keyed Aggregation -> Sink: Print to Std. Out',
          parallelism: 1,
          maxParallelism: 128,
          operators: [
            { id: 3, uid: 'keyedReduce-3', name: 'Keyed Aggregation', kind: 'keyedReduce', declaredAt: `${JOB}:16` },
            { id: 4, uid: 'sink-4', name: 'Sink: Print to Std. Out', kind: 'sink', declaredAt: `${JOB}:17` },
          ],
        },
      ],
      edges: [{ source: 1, target: 3, sourceOperator: 2, partitioner: 'HASH', inputIndex: 0, sideOutput: null }],
    });
  });

  it('prints the plan as a Graphviz digraph', async () => {
    const { code, stdout } = await weir(['info', JOB, '--dot', '-p', '1']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'digraph "word-lengths" {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  subgraph cluster_1 {',
        '    label="#1 Source: Collection Source -> Measure\\nparallelism 1";',
        '    op1 [label="Source: Collection Source\\nsource · source-1"];',
        '    op2 [label="Measure\\nmap · map-2"];',
        '  }',
        '  subgraph cluster_3 {',
        '    label="#3 Keyed Aggregation -> Sink: Print to Std. Out\\nparallelism 1";',
        '    op3 [label="Keyed Aggregation\\nkeyedReduce · keyedReduce-3"];',
        '    op4 [label="Sink: Print to Std. Out\\nsink · sink-4"];',
        '  }',
        '  op1 -> op2;',
        '  op3 -> op4;',
        '  op2 -> op3 [label="HASH", style=bold];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('fails with exit code 1 and the message when the job file is not a job', async () => {
    expect(await weir(['info', fixture('no-default-export-job.ts')])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr:
        `error: Job file '${fixture('no-default-export-job.ts')}' has no default export; a job module ends with ` +
        "`export default defineJob({ name: 'my-job' }, (env, args) => { ... })`.\n",
    });
  });

  it('exits with 2 when --json and --dot are both asked for', async () => {
    const { code, stderr } = await weir(['info', JOB, '--json', '--dot']);
    expect(stderr).toMatch(/^error: --json and --dot exclude each other\.\n\nUsage: weir info /);
    expect(code).toBe(2);
  });
});
