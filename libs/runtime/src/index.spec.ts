import { execFileSync } from 'node:child_process';

/**
 * Every process and worker thread that runs a job loads the runtime: what it pulls in is start-up
 * time of each, before the first record.
 */
describe('@weir/runtime', () => {
  it('loads no Redis client until a job stores its checkpoints in Redis', () => {
    const loaded = execFileSync(
      process.execPath,
      ['-e', "require('@weir/runtime'); console.log(JSON.stringify(Object.keys(require.cache)))"],
      { cwd: __dirname, encoding: 'utf8' },
    );
    const paths = JSON.parse(loaded) as string[];
    expect(paths.some((p) => p.includes('/libs/runtime/dist/checkpoint/redis-snapshot-store.js'))).toBe(true);
    expect(paths.filter((p) => p.includes('/node_modules/ioredis/'))).toEqual([]);
  });
});
