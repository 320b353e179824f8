#!/usr/bin/env node
// Prints the test files for `npm test`, longest first (test/slow-files.txt), then the rest in path order: mocha
// --parallel hands files to its workers in the order given, so starting the long ones first keeps one of them from
// starting last and running alone at the end. With `--isolated` it prints test/isolated-files.txt instead: the timing
// tests `npm test` runs after the parallel run, alone. Every file of `test/**/*.test.ts` is printed exactly once by
// the two together; a listed file that no longer exists fails the run, so the lists cannot silently rot.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
const all = walk(join(root, 'test'))
  .map((f) => relative(root, f).split(sep).join('/'))
  .sort();
const slow = readFileSync(join(root, 'test/slow-files.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const isolated = readFileSync(join(root, 'test/isolated-files.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
for (const [list, names] of [
  ['test/slow-files.txt', slow],
  ['test/isolated-files.txt', isolated],
]) {
  const missing = names.filter((f) => !all.includes(f));
  if (missing.length) {
    console.error(`${list} names files that do not exist: ${missing.join(', ')}`);
    process.exit(1);
  }
}
const both = slow.filter((f) => isolated.includes(f));
if (both.length) {
  console.error(`test/slow-files.txt and test/isolated-files.txt both name: ${both.join(', ')}`);
  process.exit(1);
}
if (process.argv.includes('--isolated')) console.log(isolated.join('\n'));
else {
  const first = new Set([...slow, ...isolated]);
  console.log([...slow, ...all.filter((f) => !first.has(f))].join('\n'));
}
