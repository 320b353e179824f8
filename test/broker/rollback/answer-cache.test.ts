import assert from 'node:assert/strict';
import {
  ANSWER_CACHE_BYTES,
  ANSWER_CACHE_ENTRIES,
  RollbackAnswerCache,
} from '../../../broker/src/domain/rollback/answer-cache.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

/** The cache's bounds (issue 15: the broker's memory): entries and their summed size, least recently used out first. */
describe('can-i-rollback answer cache bounds', () => {
  it('keeps at most ANSWER_CACHE_ENTRIES answers', () => {
    const c = new RollbackAnswerCache();
    for (let i = 0; i <= ANSWER_CACHE_ENTRIES; i++) c.set(`q${i}`, 's', { i }, 10);
    assert.equal(c.get('q0', 's'), undefined, 'the oldest went');
    assert.deepEqual(c.get(`q${ANSWER_CACHE_ENTRIES}`, 's'), { i: ANSWER_CACHE_ENTRIES });
    assert.equal(c.cachedBytes, ANSWER_CACHE_ENTRIES * 10);
  });

  it('keeps their summed size under ANSWER_CACHE_BYTES, least recently used out first', () => {
    const c = new RollbackAnswerCache(64, 100);
    c.set('a', 's', 'A', 40);
    c.set('b', 's', 'B', 40);
    assert.equal(c.get('a', 's'), 'A', 'a is now the most recently used');
    c.set('c', 's', 'C', 40);
    assert.equal(c.get('b', 's'), undefined, 'b went to make room');
    assert.equal(c.get('a', 's'), 'A');
    assert.equal(c.get('c', 's'), 'C');
    assert.equal(c.cachedBytes, 80);
    c.set('a', 's2', 'A2', 50);
    assert.equal(c.cachedBytes, 90, 'a replaced, counted once');
    c.set('huge', 's', 'H', 101);
    assert.equal(c.get('huge', 's'), undefined, 'an answer larger than the budget is not kept');
    assert.equal(c.get('c', 's'), 'C', 'nor does it push others out');
    assert.ok(ANSWER_CACHE_BYTES >= 4 * 4 * 1024 * 1024, 'room for several any-subset answers at 300 services');
  });
});

/**
 * The can-i-rollback answer cache follows every write, renames included (issue 13 item 7): it is
 * stamped with the store's write counter, which a rename moves although it adds no row and changes
 * no count.
 */
for (const adapter of adapters()) {
  describe(`can-i-rollback answer cache after renames [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
    });
    afterEach(async () => b.destroy());

    const uuidOf = async (name: string) =>
      (await b.api.get(`/environments?name=${name}`)).body._embedded.environments[0].uuid as string;
    const rename = async (name: string, to: string) => {
      const res = await b.api.put(`/environments/${await uuidOf(name)}`, { name: to, production: false });
      assert.equal(res.status, 200, res.text);
    };
    const ask = (environment: string) => b.api.get(`/can-i-rollback?environment=${environment}`);

    it('answers 400 for a renamed environment, not its cached answer', async () => {
      await b.td
        .environment('prod')
        .deploy({ pacticipant: 'web', version: '1', environment: 'prod' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'prod' });
      const before = await ask('prod');
      assert.equal(before.status, 200, before.text);
      assert.equal((await ask('prod')).status, 200, 'asked twice: the second answer comes from the cache');
      await rename('prod', 'production');
      const after = await ask('prod');
      assert.equal(after.status, 400, after.text);
      assert.match(JSON.stringify(after.body), /prod/);
      const renamed = await ask('production');
      assert.equal(renamed.status, 200);
      assert.deepEqual(renamed.body.pacticipants, before.body.pacticipants);
    });

    it("after swapping two environments' names, each name gets the other's answer", async () => {
      // production runs web 1 then 2 (web can roll back to 1); staging has only ever run web 3 (nothing to roll back to).
      await b.td
        .environment('production')
        .environment('staging')
        .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
        .deploy({ pacticipant: 'web', version: '3', environment: 'staging' });
      const target = (res: Awaited<ReturnType<typeof ask>>) =>
        res.body.pacticipants.map((p: { name: string; current: string }) => [p.name, p.current]);
      const production = await ask('production');
      const staging = await ask('staging');
      assert.deepEqual(target(production), [['web', '2']]);
      assert.deepEqual(target(staging), [['web', '3']]);
      assert.deepEqual(target(await ask('production')), [['web', '2']], 'cached');

      await rename('production', 'swap');
      await rename('staging', 'production');
      await rename('swap', 'staging');

      const swappedProduction = await ask('production');
      assert.equal(swappedProduction.status, 200);
      assert.deepEqual(target(swappedProduction), [['web', '3']], 'production now answers as the old staging');
      assert.deepEqual(swappedProduction.body, {
        ...staging.body,
        environment: 'production',
        _links: swappedProduction.body._links,
      });
      assert.deepEqual(target(await ask('staging')), [['web', '2']]);
    });
  });
}
