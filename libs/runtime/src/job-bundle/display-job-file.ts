import * as path from 'node:path';

/** A job file as a user would type it: relative to the current directory when it is inside it. */
export function displayJobFile(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
