import { ConfigError } from '@weir/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { validateOptions } from './validate-options';

class Retry {
  @IsInt()
  @Min(1)
  attempts!: number;
}

class Options {
  @IsString()
  path!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  intervalMs?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => Retry)
  retry?: Retry;
}

describe('validateOptions', () => {
  it('returns an instance of the options class holding the values given', () => {
    const retry = { attempts: 2 };
    const options = validateOptions(Options, { path: '/x', retry }, 'test');
    expect(options).toBeInstanceOf(Options);
    expect(options).toEqual({ path: '/x', retry: { attempts: 2 } });
    expect(options.retry).toBe(retry);
  });

  it('names each bad field, its value and the rule', () => {
    expect(() => validateOptions(Options, { intervalMs: -1 }, 'FilesModule')).toThrow(ConfigError);
    expect(() => validateOptions(Options, { intervalMs: -1 }, 'FilesModule')).toThrow(
      "FilesModule: invalid options: 'path' must be a string (got nothing); " +
        "'intervalMs' must not be less than 0 (got -1).",
    );
    expect(() => validateOptions(Options, { path: 'p', retry: { attempts: 0 } }, 'm')).toThrow(
      "m: invalid options: 'retry.attempts' must not be less than 1 (got 0).",
    );
  });

  it('refuses an unknown field, usually a typo', () => {
    expect(() => validateOptions(Options, { path: 'p', intervalMS: 5 }, 'm')).toThrow(
      "m: invalid options: 'intervalMS' is not an option.",
    );
  });

  it('refuses options that are not an object', () => {
    expect(() => validateOptions(Options, 'p', 'm')).toThrow("m: the options must be an object, not 'p'.");
    expect(() => validateOptions(Options, null, 'm')).toThrow('m: the options must be an object, not null.');
  });
});
