/** Where a command writes: the process's streams in `weir`, buffers in tests. */
export interface CliIo {
  /** The job's own output (print()) and `weir info`'s plan. */
  readonly stdout: NodeJS.WritableStream;
  /** Weir's messages: progress, summaries, errors. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
}
