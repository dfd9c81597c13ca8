import { modulesLoadedBy } from '../../../test/support/loaded-modules';

/**
 * Every worker thread that runs a connector's source or sink loads the SDK (through the connector),
 * and never starts Nest: what the SDK pulls in is start-up time of each such thread.
 */
describe('@weir/connector-sdk', () => {
  it("loads Nest's decorators only, not @nestjs/core or @nestjs/common's index with rxjs", () => {
    const paths = modulesLoadedBy('@weir/connector-sdk');
    expect(paths.some((p) => p.includes('/@nestjs/common/decorators/'))).toBe(true);
    expect(paths.filter((p) => /\/node_modules\/(rxjs|@nestjs\/core)\/|\/@nestjs\/common\/index\.js$/.test(p))).toEqual(
      [],
    );
  });
});
