import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeRoutesTable } from './write-routes.ts';

describe('docs/security.md', () => {
  it('lists every write route and the pacticipant it checks, as the route table says', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const m = /<!-- write-routes:start -->\n([\s\S]*?)\n<!-- write-routes:end -->/.exec(doc);
    assert.ok(m, 'docs/security.md has no write-routes block');
    assert.equal(
      m[1],
      writeRoutesTable(),
      `docs/security.md is out of date; its block should read:\n${writeRoutesTable()}`,
    );
  });
});
