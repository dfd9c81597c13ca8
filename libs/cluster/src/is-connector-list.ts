import { ValidateBy } from 'class-validator';

/** An entry of a cluster's `connectors`: a package name, or the package with options for its connector module. */
export type ConnectorSpec = string | { readonly package: string; readonly options?: Record<string, unknown> };

/** Checks a `connectors` setting, naming the first bad entry. */
export function IsConnectorList(): PropertyDecorator {
  return ValidateBy({
    name: 'isConnectorList',
    validator: {
      validate: (value: unknown) => badEntry(value) === undefined,
      defaultMessage: (args) =>
        `${args?.property} must be a list of connector package names or { package, options }: ${badEntry(args?.value)}`,
    },
  });
}

function badEntry(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'it is no list';
  for (const [i, entry] of (value as unknown[]).entries()) {
    if (typeof entry === 'string') {
      if (entry.trim() === '') return `entry ${i} is empty`;
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `entry ${i} is neither`;
    const { package: name, options, ...rest } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') return `entry ${i} has no package name`;
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      return `the options of '${name}' must be an object`;
    }
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return `entry ${i} ('${name}') has unknown fields: ${unknown.join(', ')}`;
  }
  return undefined;
}
