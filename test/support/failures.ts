/** How a job or a connector call failed, for the tests of bad input: what it said, and when. */

/** The messages of an error and its causes, one a line: the job's, the operator's, the connector's, the driver's. */
export function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join('\n');
}

/** Runs `action` and gives what it failed with (undefined when it did not) and how long it took, in ms. */
export async function timedFailure(action: () => unknown): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await Promise.resolve()
    .then(action)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { error, ms: Date.now() - started };
}
