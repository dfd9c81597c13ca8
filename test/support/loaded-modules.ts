import { execFileSync } from 'node:child_process';

/**
 * The files a fresh Node.js process has loaded once it has required `name` (a built package): what
 * every process and worker thread that needs the package pays in start-up time.
 */
export function modulesLoadedBy(name: string): string[] {
  const loaded = execFileSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(require.cache)))`],
    { cwd: __dirname, encoding: 'utf8' },
  );
  return JSON.parse(loaded) as string[];
}
