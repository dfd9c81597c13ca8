/**
 * Where in the user's code something was declared ("src/job.ts:12"), so that errors, whether thrown
 * at declaration or later by the runtime (through StreamNode.declaredAt), point at the user's line
 * rather than at Weir's internals. Found from a stack trace: the first frame outside Weir's packages.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobDefinitionError } from '@weir/common';

// This file sits in <libs>/api/{src,dist}: everything under <libs> (the monorepo's libs/, or an
// installed node_modules/@weir/) is Weir's own code, except tests, which stand in for user code.
const WEIR_PACKAGES = path.dirname(path.dirname(__dirname)) + path.sep;
const INSTALLED_WEIR = `${path.sep}node_modules${path.sep}@weir${path.sep}`;
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;
// "    at fn (/path/file.ts:12:5)" or "    at /path/file.ts:12:5"
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):\d+\)?$/;
// A declaration can be a few calls deep inside the API (a window join declares several operators).
const FRAMES_TO_SEARCH = 64;

/** The user's `file:line` that called into the API, or undefined when no stack frame shows it. */
export function captureDeclarationSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES_TO_SEARCH;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  if (stack === undefined) return undefined;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const frame = FRAME.exec(lines[i]);
    if (frame === null) continue;
    const file = frame[1].startsWith('file://') ? fileURLToPath(frame[1]) : frame[1];
    if (!path.isAbsolute(file) || isWeirFile(file)) continue;
    return `${displayPath(file)}:${frame[2]}`;
  }
  return undefined;
}

/** A JobDefinitionError that names the API call and the user's line: "keyBy() (declared at job.ts:9): …". */
export function declarationError(call: string, problem: string): JobDefinitionError {
  const declaredAt = captureDeclarationSite();
  return new JobDefinitionError(`${call}${declaredAt === undefined ? '' : ` (declared at ${declaredAt})`}: ${problem}`);
}

function isWeirFile(file: string): boolean {
  if (TEST_FILE.test(file)) return false;
  return file.startsWith(WEIR_PACKAGES) || file.includes(INSTALLED_WEIR);
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
