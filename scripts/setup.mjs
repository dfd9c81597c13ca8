// Installs dependencies on a fresh clone and builds every package (incrementally), so that
// `npm test`, `npm run demo` and `npm run bench` work with nothing done before them.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.error('weir: installing dependencies (first run)…');
  run('npm ci --no-audit --no-fund');
}
run('npx tsc -b tsconfig.build.json');
