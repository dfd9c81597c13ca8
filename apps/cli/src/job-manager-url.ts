/** Which JobManager a cluster command talks to: --jobmanager, else WEIR_JOBMANAGER, else the local default. */
export const DEFAULT_JOBMANAGER_URL = 'http://127.0.0.1:8081';

export function jobManagerUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.WEIR_JOBMANAGER || DEFAULT_JOBMANAGER_URL);
}
