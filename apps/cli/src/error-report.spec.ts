import {
  ConfigError,
  JobDefinitionError,
  JobExecutionError,
  RecordError,
  RuntimeFailure,
  UserFunctionError,
} from '@weir/common';
import { formatError } from './error-report';

function withStack<E extends Error>(error: E, frames: string): E {
  error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}

describe('formatError', () => {
  it("shows a definition error's message alone: it already says what and where", () => {
    const error = new JobDefinitionError("Job file 'job.ts' has no default export.");
    expect(formatError(error)).toBe("error: Job file 'job.ts' has no default export.\n");
  });

  it('shows only the outer message when Weir errors wrap Weir errors', () => {
    const config = new ConfigError('setParallelism() (called at job.ts:5): the parallelism must be at least 1.');
    const error = new JobDefinitionError(`Job 'j' could not be built: ${config.message}`, { cause: config });
    expect(formatError(error)).toBe(`error: ${error.message}\n`);
    const record = new RecordError('The key selector returned undefined.');
    const failed = new JobExecutionError(`Job 'j' failed: ${record.message}`, { cause: record });
    expect(formatError(failed)).toBe(`error: Job 'j' failed: The key selector returned undefined.\n`);
  });

  it("shows the user's own error with its stack, and what that was caused by", () => {
    const root = withStack(new Error('disk full'), '    at save (/jobs/store.ts:3:9)');
    const user = withStack(new TypeError('cannot store', { cause: root }), '    at map (/jobs/job.ts:12:7)');
    const failed = new JobExecutionError("Job 'j' failed: TypeError: cannot store (in operator 'Map')", {
      cause: new UserFunctionError('Map', user),
    });
    expect(formatError(failed)).toBe(
      [
        "error: Job 'j' failed: TypeError: cannot store (in operator 'Map')",
        'TypeError: cannot store',
        '    at map (/jobs/job.ts:12:7)',
        'Caused by: Error: disk full',
        '    at save (/jobs/store.ts:3:9)',
        '',
      ].join('\n'),
    );
  });

  it("shows the stack of Weir's own failures, which a bug report needs", () => {
    const failure = withStack(
      new RuntimeFailure('sequence gap on channel 3'),
      '    at InputGate.receive (gate.js:1:1)',
    );
    expect(formatError(new JobExecutionError("Job 'j' failed: sequence gap", { cause: failure }))).toBe(
      "error: Job 'j' failed: sequence gap\nRuntimeFailure: sequence gap on channel 3\n    at InputGate.receive (gate.js:1:1)\n",
    );
    expect(formatError(failure)).toBe(
      'error: RuntimeFailure: sequence gap on channel 3\n    at InputGate.receive (gate.js:1:1)\n',
    );
  });

  it('shows an error that is not a Weir error with its stack, and a thrown non-error as it is', () => {
    expect(formatError(withStack(new Error('boom'), '    at f (x.js:1:1)'))).toBe(
      'error: Error: boom\n    at f (x.js:1:1)\n',
    );
    expect(formatError('just a string')).toBe('error: just a string\n');
    expect(formatError(null)).toBe('error: null\n');
  });
});
