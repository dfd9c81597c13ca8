/**
 * Fills a config class (cluster-config.ts) from, in rising priority: its defaults, a JSON config
 * file (`--config FILE` or WEIR_CONFIG), the environment (WEIR_NATS_URL for natsUrl) and flags
 * (--nats-url). Then class-validator checks it, and every bad value is refused in one ConfigError
 * that names the field, where the value came from, and what was wrong.
 */
import { ConfigError } from '@weir/common';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';

export interface ConfigSources {
  /** Flags, as `--name value` or `--name=value`. */
  argv?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
}

type Origin = 'default' | `config file ${string}` | `${string} (environment)` | `--${string}`;

export function loadConfig<C extends object>(ConfigClass: new () => C, what: string, sources: ConfigSources = {}): C {
  const config = new ConfigClass();
  const defaults = new ConfigClass();
  const fields = Object.keys(config);
  const origins = new Map<string, Origin>(fields.map((f) => [f, 'default']));
  const { flags, configFile } = parseFlags(sources.argv ?? [], fields, what);
  const env = sources.env ?? {};
  const problems: string[] = [];
  const assign = (field: string, value: unknown, origin: Origin): void => {
    (config as Record<string, unknown>)[field] = typeof value === 'string' ? convert(defaults, field, value) : value;
    origins.set(field, origin);
  };

  const file = configFile ?? env.WEIR_CONFIG;
  if (file !== undefined) {
    for (const [field, value] of Object.entries(readConfigFile(file, what))) {
      if (!fields.includes(field)) problems.push(`${field} (in config file ${file}) is not a ${what} setting`);
      else assign(field, value, `config file ${file}`);
    }
  }
  for (const field of fields) {
    const name = envName(field);
    if (env[name] !== undefined) assign(field, env[name], `${name} (environment)`);
  }
  for (const [field, value] of flags) assign(field, value, `--${flagName(field)}`);

  for (const error of validateSync(config, { forbidUnknownValues: true })) {
    const origin = origins.get(error.property);
    const from = origin === 'default' ? '' : ` (from ${origin})`;
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push(`${error.property}${from}: ${message}; got ${JSON.stringify(error.value)}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid ${what} configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

/** natsUrl → nats-url. */
export function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** natsUrl → WEIR_NATS_URL. */
export function envName(field: string): string {
  return `WEIR_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function parseFlags(
  argv: readonly string[],
  fields: readonly string[],
  what: string,
): { flags: Map<string, string>; configFile: string | undefined } {
  const byFlag = new Map(fields.map((f) => [flagName(f), f]));
  const flags = new Map<string, string>();
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(token);
    if (match === null)
      throw new ConfigError(`Unexpected argument '${token}' for the ${what}; settings are --name value.`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`--${name} needs a value.`);
    if (name === 'config') {
      configFile = value;
      continue;
    }
    const field = byFlag.get(name);
    if (field === undefined) {
      throw new ConfigError(
        `Unknown ${what} setting --${name}; the settings are --config, ${[...byFlag.keys()].map((f) => `--${f}`).join(', ')}.`,
      );
    }
    flags.set(field, value);
  }
  return { flags, configFile };
}

function readConfigFile(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the ${what} config file ${file}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The ${what} config file ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`The ${what} config file ${file} must hold a JSON object of settings.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Flags and environment are text: a numeric field (its default is a number) gets a number when the
 * text is one, a list field (its default is an array) the comma-separated items.
 */
function convert(defaults: object, field: string, value: string): unknown {
  const initial = (defaults as Record<string, unknown>)[field];
  if (Array.isArray(initial)) return value.trim() === '' ? [] : value.split(',').map((item) => item.trim());
  const numeric = typeof initial === 'number';
  return numeric && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}
