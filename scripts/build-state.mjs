// Whether dist/ is the build of the sources as they are: `npm start` builds only when it is not
// (scripts/build.mjs --if-stale), and the benchmark's --built runs refuse a stale build (test/support/child-broker.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The entry the package runs (package.json `bin`); written last by a build. */
export const BUILT_ENTRY = 'dist/cli/bin/rollgate.js';

/** What a build compiles or is configured by. */
const INPUTS = ['broker/src', 'cli/src', 'contracts/src', 'matchers/src', 'tsconfig.json', 'tsconfig.build.json'];

/** Undefined when dist/ is current; otherwise why a build is needed (missing, or which input changed since). */
export function staleBuild(root) {
  const entry = join(root, BUILT_ENTRY);
  if (!existsSync(entry)) return `${BUILT_ENTRY} is missing`;
  const built = statSync(entry).mtimeMs;
  const newest = (path) => {
    const s = statSync(path);
    if (!s.isDirectory()) return s.mtimeMs;
    return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
  };
  const changed = INPUTS.find((input) => newest(join(root, input)) > built);
  return changed && `${changed} changed since the last build`;
}
