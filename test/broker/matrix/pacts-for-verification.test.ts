import assert from 'node:assert/strict';
import { aPact } from '../../support/pact-builder.ts';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

type Pfv = {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { href: string; name: string } };
};

for (const adapter of adapters()) {
  describe(`pacts for verification [${adapter}]`, function () {
    this.timeout(20_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => {
      await b.td.realTime();
      await b.destroy();
    });

    const pfv = async (body: Record<string, unknown>, provider = 'Bar') => {
      const res = await b.api.post(`/pacts/provider/${provider}/for-verification`, body);
      assert.equal(res.status, 200, res.text);
      return res.body._embedded.pacts as Pfv[];
    };

    it('GET is cheap and gives the self link to POST to; an unknown provider is a 404', async () => {
      await b.td.publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' });
      const res = await b.api.get('/pacts/provider/Bar/for-verification');
      assert.equal(res.status, 200);
      assert.match(res.body._links.self.href, /\/pacts\/provider\/Bar\/for-verification$/);
      assert.equal((await b.api.get('/pacts/provider/Nobody/for-verification')).status, 404);
      const idx = await b.api.get('/');
      assert.equal(idx.body._links['pb:provider-pacts-for-verification'].templated, true);
    });

    it('selects by mainBranch and deployedOrReleased, merges identical content, and serves a pact URL the Verifier can publish to', async () => {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', branch: 'main' })
        .deploy({ pacticipant: 'Foo', version: '1', environment: 'production' })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar', branch: 'main' });
      const pacts = await pfv({
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      });
      assert.equal(pacts.length, 1, 'versions 1 and 2 have the same content: one entry');
      assert.equal(pacts[0].shortDescription, 'latest from main branch, deployed to production');
      assert.equal(pacts[0].verificationProperties.pending, true);
      assert.ok(
        pacts[0].verificationProperties.notices.every((n) => typeof n.when === 'string' && typeof n.text === 'string'),
      );
      assert.match(
        pacts[0].verificationProperties.notices[0].text,
        /latest from main branch \(2\)\n.*deployed to production \(1\)/,
      );
      const href = pacts[0]._links.self.href;
      assert.match(href, /\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/[0-9a-f]+\/metadata\/[A-Za-z0-9_-]+$/);
      const pact = await b.api.get(new URL(href).pathname);
      assert.equal(pact.status, 200);
      assert.ok(pact.body.interactions[0]._id, 'interactions carry _id');
      const publish = new URL(pact.body._links['pb:publish-verification-results'].href).pathname;
      const vr = await b.api.post(publish, {
        success: true,
        providerApplicationVersion: '5',
        verifiedBy: { implementation: 'Pact-Rust', version: '1.4.8' },
      });
      assert.equal(vr.status, 201);
      const after = await pfv({ consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: true });
      assert.equal(after[0].verificationProperties.pending, false);
    });

    it('uses the default selectors when none are given, and accepts a blank providerVersionBranch', async () => {
      await b.td
        .environment('production')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', branch: 'main' })
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          branch: 'feat',
          pact: (p) => p.withInteraction({ path: '/feat' }),
        })
        .publishPact({
          consumer: 'Baz',
          version: '7',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/baz' }),
        });
      const pacts = await pfv({ consumerVersionSelectors: [], includePendingStatus: true, providerVersionBranch: '' });
      assert.deepEqual(pacts.map((p) => p.shortDescription).sort(), ['latest', 'latest from main branch']);
      assert.ok(pacts.every((p) => p.verificationProperties.pending === true));
    });

    it('supports tag (+latest, fallbackTag), branch (+fallbackBranch), matchingBranch, consumer, latest, deployed, released, environment', async () => {
      await b.td
        .environment('production')
        .environment('test')
        .publishPact({
          consumer: 'Foo',
          version: '1',
          provider: 'Bar',
          tags: ['prod'],
          pact: (p) => p.withInteraction({ path: '/1' }),
        })
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          tags: ['prod'],
          branch: 'feat-x',
          pact: (p) => p.withInteraction({ path: '/2' }),
        })
        .publishPact({
          consumer: 'Foo',
          version: '3',
          provider: 'Bar',
          branch: 'dev',
          pact: (p) => p.withInteraction({ path: '/3' }),
        })
        .publishPact({ consumer: 'Qux', version: '9', provider: 'Bar', pact: (p) => p.withInteraction({ path: '/9' }) })
        .deploy({ pacticipant: 'Foo', version: '1', environment: 'test' })
        .release({ pacticipant: 'Foo', version: '2', environment: 'production' });
      const one = async (s: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        (await pfv({ consumerVersionSelectors: [s], ...extra })).map(
          (p) => `${p._links.self.name}|${p.shortDescription}`,
        );
      assert.deepEqual(await one({ tag: 'prod', latest: true }), ['Pact between Foo (2) and Bar|latest with tag prod']);
      assert.deepEqual((await one({ tag: 'prod' })).length, 2);
      assert.deepEqual(await one({ tag: 'nope', latest: true, fallbackTag: 'prod', consumer: 'Foo' }), [
        'Pact between Foo (2) and Bar|latest with fallback tag prod',
      ]);
      assert.deepEqual(await one({ branch: 'nope', fallbackBranch: 'dev' }), [
        'Pact between Foo (3) and Bar|latest from fallback branch dev',
      ]);
      assert.deepEqual(await one({ matchingBranch: true }, { providerVersionBranch: 'feat-x' }), [
        'Pact between Foo (2) and Bar|latest from matching branch feat-x',
      ]);
      assert.deepEqual(await one({ latest: true, consumer: 'Qux' }), ['Pact between Qux (9) and Bar|latest']);
      assert.deepEqual(await one({ deployed: true }), ['Pact between Foo (1) and Bar|deployed to test']);
      assert.deepEqual(await one({ released: true }), ['Pact between Foo (2) and Bar|released to production']);
      assert.deepEqual(await one({ environment: 'production' }), [
        'Pact between Foo (2) and Bar|released to production',
      ]);
    });

    it('rejects invalid selectors with 400s (section 2.5)', async () => {
      await b.td.environment('production').publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' });
      const bad: Record<string, unknown>[] = [
        { consumer: 'Foo' },
        { mainBranch: true, tag: 'x' },
        { matchingBranch: true },
        { tag: 'a', branch: 'b' },
        { branch: 'main', environment: 'production' },
        { tag: 'a', fallbackTag: 'b' },
        { fallbackBranch: 'b', latest: true },
        { branch: 'main', latest: false },
        { deployed: true, released: true },
        { environment: 'nowhere' },
      ];
      for (const s of bad) {
        const res = await b.api.post('/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [s] });
        assert.equal(res.status, 400, JSON.stringify(s));
        assert.ok(res.body.errors, JSON.stringify(res.body));
      }
      assert.equal(
        (await b.api.post('/pacts/provider/Bar/for-verification', { includeWipPactsSince: 'yesterday-ish' })).status,
        400,
      );
    });

    it('16. pending lifecycle with branches: new -> pending; failure on main -> pending; success on main -> not; a later branch inherits', async () => {
      await b.td
        .setNow('2026-03-01T00:00:00Z')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', branch: 'main' })
        .version({ pacticipant: 'Bar', version: '0', branch: 'main' })
        .version({ pacticipant: 'Bar', version: '0b', branch: 'feat-early' });
      const pending = async (branch: string) =>
        (
          await pfv({
            consumerVersionSelectors: [{ mainBranch: true }],
            includePendingStatus: true,
            providerVersionBranch: branch,
          })
        )[0].verificationProperties.pending;
      assert.equal(await pending('main'), true);
      await b.td.addDays(1).verify({
        consumer: 'Foo',
        version: '1',
        provider: 'Bar',
        providerVersion: '1',
        success: false,
        branch: 'main',
      });
      assert.equal(await pending('main'), true);
      await b.td.addDays(1).verify({
        consumer: 'Foo',
        version: '1',
        provider: 'Bar',
        providerVersion: '2',
        success: true,
        branch: 'main',
      });
      assert.equal(await pending('main'), false);
      assert.equal(await pending('feat-x'), false, 'a branch created after the success inherits it');
      assert.equal(await pending('feat-early'), true, 'a branch that existed before the success does not');
      const tags = await pfv({
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionTags: ['main'],
      });
      assert.equal(tags[0].verificationProperties.pending, false);
    });

    it('includes work-in-progress pacts (wip, pending) since a date, and not verified ones already selected', async () => {
      await b.td
        .setNow('2026-03-01T00:00:00Z')
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', branch: 'main' })
        .addDays(10)
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          branch: 'feat-y',
          pact: (p) => p.withInteraction({ path: '/wip' }),
        })
        .realTime();
      const body = {
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
        includeWipPactsSince: '2026-03-05',
      };
      const pacts = await pfv(body);
      assert.equal(pacts.length, 2);
      const wip = pacts.find((p) => p.verificationProperties.wip)!;
      assert.equal(wip.verificationProperties.pending, true);
      assert.match(wip.shortDescription, /work in progress/);
      assert.match(wip.verificationProperties.notices.map((n) => n.text).join(' '), /work in progress/);
      assert.equal(
        (await pfv({ ...body, includeWipPactsSince: '2026-04-01' })).length,
        1,
        'older than the date: not WIP',
      );
      assert.equal(
        (await pfv({ ...body, providerVersionBranch: undefined })).length,
        1,
        'no provider branch or tags: no WIP',
      );
    });

    it('rollback readiness: deployed selectors also return the prior deployed consumer version, pending, with a notice; off by config', async () => {
      await b.td
        .environment('production')
        .publishPact({
          consumer: 'Foo',
          version: '1',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/old' }),
        })
        .deploy({ pacticipant: 'Foo', version: '1', environment: 'production' })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '5', success: true })
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/new' }),
        })
        .deploy({ pacticipant: 'Foo', version: '2', environment: 'production' });
      const pacts = await pfv({
        consumerVersionSelectors: [{ deployed: true, environment: 'production' }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      });
      assert.equal(pacts.length, 2);
      const prior = pacts.find((p) => p._links.self.name.includes('(1)'))!;
      assert.equal(prior.verificationProperties.pending, true, 'always pending, even though it was verified');
      assert.match(prior.shortDescription, /rollback readiness/);
      assert.match(
        prior.verificationProperties.notices.map((n) => n.text).join(' '),
        /Foo version 1 was deployed to production before the current version 2/,
      );
      const off = await startTestBroker({ database: b.database, config: { rollbackReadiness: false } });
      try {
        const res = await off.api.post('/pacts/provider/Bar/for-verification', {
          consumerVersionSelectors: [{ deployed: true }],
        });
        assert.equal(res.body._embedded.pacts.length, 1);
      } finally {
        await off.stop();
      }
    });

    it('a pact with identical content as the verified one is not pending (content de-dup)', async () => {
      const json = aPact('Foo', 'Bar').withInteraction({ path: '/same' }).build();
      await b.td
        .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar', branch: 'main', json })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '1', success: true, branch: 'main' })
        .publishPact({ consumer: 'Foo', version: '2', provider: 'Bar', branch: 'main', json });
      const pacts = await pfv({
        consumerVersionSelectors: [{ mainBranch: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      });
      assert.equal(pacts[0].verificationProperties.pending, false);
    });
  });
}
