import { JobDefinitionError } from '@weir/common';
import { captureDeclarationSite, declarationError } from './declaration-site';

describe('captureDeclarationSite', () => {
  it("names the caller's file and line, skipping Weir's own frames", () => {
    const site = captureDeclarationSite();
    const line = 6;
    expect(site).toBe(`libs/api/src/declaration-site.spec.ts:${line}`);
  });
});

describe('declarationError', () => {
  it('names the call and where it was declared', () => {
    const error = declarationError('keyBy()', 'the key selector must be a function.');
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect(error.message).toBe(
      'keyBy() (declared at libs/api/src/declaration-site.spec.ts:14): the key selector must be a function.',
    );
  });
});
