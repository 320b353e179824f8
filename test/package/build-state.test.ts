/**
 * When `npm start` builds (scripts/build-state.mjs): only when dist/ is missing or older than a source or a
 * TypeScript setting it is built from, so a start after an edit never runs an old build, and a start without one does
 * not spend seconds compiling.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILT_ENTRY, staleBuild } from '../../scripts/build-state.mjs';

describe('whether dist/ is the build of the sources as they are', () => {
  let root: string;
  const write = (path: string, at: number) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, at, at);
  };
  const age = (path: string, at: number) => utimesSync(join(root, path), at, at);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rollgate-build-state-'));
    for (const [i, f] of [
      'broker/src/server.ts',
      'cli/src/main.ts',
      'contracts/src/index.ts',
      'matchers/src/index.ts',
      'tsconfig.json',
      'tsconfig.build.json',
    ].entries())
      write(f, 1_000 + i);
    for (const d of [
      'broker/src',
      'cli/src',
      'contracts/src',
      'matchers/src',
      'broker',
      'cli',
      'contracts',
      'matchers',
    ])
      age(d, 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is missing before a build, current after one', () => {
    assert.equal(staleBuild(root), `${BUILT_ENTRY} is missing`);
    write(BUILT_ENTRY, 2_000);
    assert.equal(staleBuild(root), undefined);
  });

  it('is stale once a source, a new or deleted file, or a TypeScript setting is newer than the build', () => {
    write(BUILT_ENTRY, 2_000);
    age('cli/src/main.ts', 3_000);
    assert.equal(staleBuild(root), 'cli/src changed since the last build');
    age('cli/src/main.ts', 1_000);
    unlinkSync(join(root, 'matchers/src/index.ts'));
    assert.equal(staleBuild(root), 'matchers/src changed since the last build', 'a deletion changes its folder');
    age('matchers/src', 1_000);
    age('tsconfig.build.json', 3_000);
    assert.equal(staleBuild(root), 'tsconfig.build.json changed since the last build');
    age('tsconfig.build.json', 1_000);
    assert.equal(staleBuild(root), undefined);
  });
});
