// The Pact specification's own matching cases (fixtures/pact-spec, MIT, pact-foundation/pact-specification):
// every case file is one test, named by its path, asserting its `match` verdict.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecVersion } from '../../contracts/src/pact/model.ts';
import { runSpecCase, type SpecCase } from './support/spec-case.ts';

const root = fileURLToPath(new URL('../../fixtures/pact-spec/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : name.endsWith('.json') ? [full] : [];
    });
}

const suites: { title: string; dir: string; version: SpecVersion; atLeast: number }[] = [
  { title: 'Pact specification v2 matching cases', dir: 'v2', version: '2', atLeast: 178 },
  { title: 'Pact specification v3 matching cases', dir: 'v3', version: '3', atLeast: 226 },
  { title: 'Pact specification v4 matching cases', dir: 'v4', version: '4', atLeast: 226 },
  // ours, from the specification's text, for the matchers the official cases leave out
  { title: 'rollgate v4 matcher cases', dir: 'rollgate/v4', version: '4', atLeast: 70 },
];

for (const { title, dir, version, atLeast } of suites) {
  describe(title, () => {
    const all = files(join(root, dir));
    it('has all its case files', () => assert.ok(all.length >= atLeast, `only ${all.length} case files under ${dir}`));
    for (const file of all) {
      const rel = relative(root, file);
      const part = relative(join(root, dir), file).split('/')[0] as 'request' | 'response' | 'message';
      it(rel, () => {
        const c = JSON.parse(readFileSync(file, 'utf8')) as SpecCase;
        const mismatches = runSpecCase(version, part, c);
        if (c.match) assert.deepEqual(mismatches, [], c.comment);
        else assert.notDeepEqual(mismatches, [], `${c.comment}: expected a mismatch`);
      });
    }
  });
}
