import { modulesLoadedBy } from '../../../test/support/loaded-modules';

/**
 * Every process and worker thread that runs a job loads the runtime: what it pulls in is start-up
 * time of each, before the first record.
 */
describe('@weir/runtime', () => {
  it('loads no Redis client until a job stores its checkpoints in Redis', () => {
    const paths = modulesLoadedBy('@weir/runtime');
    expect(paths.some((p) => p.includes('/libs/runtime/dist/checkpoint/redis-snapshot-store.js'))).toBe(true);
    expect(paths.filter((p) => p.includes('/node_modules/ioredis/'))).toEqual([]);
  });
});
