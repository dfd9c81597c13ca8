/**
 * Runs a job module the way `weir run` does — bundled with its imports, loaded, its graph built and
 * executed on worker threads — and returns what it printed, so the examples' tests check each job
 * module end to end, not only the pipeline function it exports.
 */
import { bundleJobFile, executeLocally, loadJobBundle } from '@weir/runtime';

export interface RunJobFileOptions {
  args?: Record<string, string>;
  parallelism: number;
  /** How many lines the job prints; they are awaited, since worker threads' output arrives after the job's end. */
  expectedLines: number;
}

/** How long printed lines may trail the job's end before the test gives up on them. */
const OUTPUT_DEADLINE_MS = 5_000;

/** The lines the job printed, each `withoutSubtask`. */
export async function runJobFile(file: string, options: RunJobFileOptions): Promise<string[]> {
  const bundle = await bundleJobFile(file);
  const graph = loadJobBundle(bundle).buildGraph({ args: options.args ?? {}, parallelism: options.parallelism });
  let printed = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    const client = await executeLocally(graph, { bundle });
    await client.result();
    const deadline = Date.now() + OUTPUT_DEADLINE_MS;
    while (lines(printed).length < options.expectedLines && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    write.mockRestore();
  }
  return lines(printed).map(withoutSubtask);
}

/**
 * A line of print() without its subtask (which subtask prints a line depends on the parallelism):
 * `late:2> x` becomes `late> x`, and `2> x` becomes `x`.
 */
export function withoutSubtask(line: string): string {
  return line.replace(/^(\S*?):\d+> /, '$1> ').replace(/^\d+> /, '');
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
