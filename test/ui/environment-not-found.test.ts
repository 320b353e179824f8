import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

describe('the environment page of an environment that does not exist', () => {
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker();
    await b.td.environment('production');
  });
  after(() => b.destroy());

  it('is a 404 page that names it, not a 400 (issue 18)', async () => {
    const res = await fetch(`${b.url}/ui/environments/nowhere`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 404);
    const page = await res.text();
    assert.match(page, /<title>Not found/);
    assert.match(page, /Environment nowhere not found/);
    assert.equal((await fetch(`${b.url}/ui/environments/production`)).status, 200);
  });
});
