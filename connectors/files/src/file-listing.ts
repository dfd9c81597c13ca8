import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ConfigError } from '@weir/connector-sdk';

export interface ListedFile {
  /** Absolute. */
  readonly path: string;
  readonly size: number;
}

const WILDCARD = /[*?]/;

/**
 * The files a file source reads, sorted by path so every run cuts the same splits:
 * - a file: itself;
 * - a directory: every file below it, in subdirectories too, skipping names that start with '.' or
 *   '_' as Flink does (hidden files, checksums, `_SUCCESS` markers);
 * - a path with `*` (any characters) or `?` (one character) in it: what it matches, each wildcard
 *   within one path segment, as in a shell (a match that is a directory stands for the files below it).
 * Relative paths are resolved against the working directory. A pattern that matches nothing is an
 * error, unless `allowNoMatch` (a monitored path, where the files are still to come).
 */
export function listFiles(path: string, allowNoMatch = false): ListedFile[] {
  const absolute = resolve(path);
  const found = new Map<string, number>();
  if (!WILDCARD.test(absolute)) {
    addPath(absolute, statOf(absolute, path), found);
  } else {
    for (const match of expandGlob(absolute)) {
      const stats = statSync(match, { throwIfNoEntry: false });
      if (stats !== undefined) addPath(match, stats, found);
    }
    if (found.size === 0 && !allowNoMatch) {
      throw new ConfigError(`fileSource: no file matches the path '${path}'. Check the 'path' option.`);
    }
  }
  return [...found.keys()].sort().map((file) => ({ path: file, size: found.get(file)! }));
}

function statOf(absolute: string, path: string): Stats {
  let stats: Stats | undefined;
  try {
    stats = statSync(absolute, { throwIfNoEntry: false });
  } catch (error) {
    throw new ConfigError(`fileSource: cannot read the path '${path}': ${(error as Error).message}`, { cause: error });
  }
  if (stats === undefined) {
    const resolved = absolute === path ? '' : ` (resolved to '${absolute}')`;
    throw new ConfigError(`fileSource: the path '${path}'${resolved} does not exist. Check the 'path' option.`);
  }
  return stats;
}

function addPath(path: string, stats: Stats, found: Map<string, number>): void {
  if (stats.isFile()) {
    found.set(path, stats.size);
  } else if (stats.isDirectory()) {
    for (const name of readdirSync(path)) {
      if (name.startsWith('.') || name.startsWith('_')) continue;
      const child = join(path, name);
      const childStats = statSync(child, { throwIfNoEntry: false });
      if (childStats !== undefined) addPath(child, childStats, found);
    }
  }
}

/** The paths that a pattern with wildcards matches, segment by segment from the root. */
function expandGlob(pattern: string): string[] {
  const segments = pattern.split(sep);
  let paths = [segments[0] === '' ? sep : segments[0]];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '') continue;
    if (!WILDCARD.test(segment)) {
      paths = paths.map((p) => join(p, segment));
      continue;
    }
    const matcher = segmentMatcher(segment);
    const showHidden = segment.startsWith('.');
    paths = paths.flatMap((dir) =>
      listDirectory(dir)
        .filter((name) => (showHidden || !name.startsWith('.')) && matcher.test(name))
        .map((name) => join(dir, name)),
    );
  }
  return paths;
}

function segmentMatcher(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function listDirectory(dir: string): string[] {
  const stats = statSync(dir, { throwIfNoEntry: false });
  return stats?.isDirectory() ? readdirSync(dir) : [];
}
