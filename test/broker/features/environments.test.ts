import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, hal, pathOf, refused } from './support.ts';

const UUID = '3f1e9d8c-0000-4000-8000-000000000001';

for (const adapter of adapters()) {
  describe(`Environments [${adapter}]`, () => {
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('POST creates an environment (201, Location) with its links; GET shows it', async () => {
      const res = await b.api.post('/environments', {
        name: 'production',
        displayName: 'Production',
        production: true,
        contacts: [{ name: 'Team A', details: { slack: '#a' } }],
      });
      const env = hal(res, 201);
      assert.match(env.uuid, /^[0-9a-f-]{36}$/);
      assert.equal(res.headers.get('location'), `${b.url}/environments/${env.uuid}`);
      assert.deepEqual(
        [env.name, env.displayName, env.production, env.contacts],
        ['production', 'Production', true, [{ name: 'Team A', details: { slack: '#a' } }]],
      );
      const got = hal(await b.api.get(pathOf(res.headers.get('location')!)));
      assert.equal(got.name, 'production');
      assert.deepEqual(
        hal(await b.api.get(pathOf(got._links['pb:currently-deployed-deployed-versions'].href)))._embedded
          .deployedVersions,
        [],
      );
      assert.deepEqual(
        hal(await b.api.get(pathOf(got._links['pb:currently-supported-released-versions'].href)))._embedded
          .releasedVersions,
        [],
      );
    });

    it('always shows a displayName (the name when none was given) and no contacts when there are none', async () => {
      const env = hal(await b.api.post('/environments', { name: 'test', production: false }), 201);
      assert.equal(env.displayName, 'test');
      assert.ok(!('contacts' in env));
      const listed = hal(await b.api.get('/environments'))._embedded.environments[0];
      assert.equal(listed.displayName, 'test');
      // A contact's details.emailAddress is also shown as `email` (what pact-broker describe-environment prints); it is not stored.
      const owned = hal(
        await b.api.put(`/environments/${env.uuid}`, {
          name: 'test',
          production: false,
          contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }],
        }),
      );
      assert.deepEqual(owned.contacts, [
        { name: 'Team A', details: { emailAddress: 'a@example.com' }, email: 'a@example.com' },
      ]);
      const resent = hal(
        await b.api.put(`/environments/${env.uuid}`, { name: 'test', production: false, contacts: owned.contacts }),
      );
      assert.deepEqual(resent.contacts, owned.contacts, 'sending the resource back does not double anything');
    });

    it('POST accepts an explicit uuid', async () => {
      const env = hal(await b.api.post('/environments', { uuid: UUID, name: 'test', production: false }), 201);
      assert.equal(env.uuid, UUID);
      assert.equal(hal(await b.api.get(`/environments/${UUID}`)).name, 'test');
    });

    it('GET /environments lists them with one pb:environments link each, named; ?name= finds one', async () => {
      await createEnvironment(b, 'test');
      const prod = await createEnvironment(b, 'production');
      const list = hal(await b.api.get('/environments'));
      assert.deepEqual(
        list._embedded.environments.map((e: { name: string }) => e.name),
        ['production', 'test'],
      );
      assert.deepEqual(
        list._links['pb:environments'].map((l: { name: string }) => l.name),
        ['production', 'test'],
      );
      assert.equal(list._links['pb:environments'][0].href, `${b.url}/environments/${prod}`);
      const named = hal(await b.api.get('/environments?name=production'));
      assert.deepEqual(
        named._embedded.environments.map((e: { uuid: string }) => e.uuid),
        [prod],
      );
      assert.deepEqual(hal(await b.api.get('/environments?name=nope'))._embedded.environments, []);
    });

    it('PUT updates an environment (200)', async () => {
      const uuid = await createEnvironment(b, 'test');
      const env = hal(
        await b.api.put(`/environments/${uuid}`, { name: 'staging', displayName: 'Staging', production: true }),
      );
      assert.deepEqual([env.uuid, env.name, env.displayName, env.production], [uuid, 'staging', 'Staging', true]);
      assert.equal(hal(await b.api.get(`/environments/${uuid}`)).name, 'staging');
    });

    it('DELETE removes an environment without history (204)', async () => {
      const uuid = await createEnvironment(b, 'test');
      assert.equal((await b.api.delete(`/environments/${uuid}`)).status, 204);
      assert.equal((await b.api.get(`/environments/${uuid}`)).status, 404);
    });

    it('DELETE is refused (409) while the environment has deployment or release history, even once undeployed', async () => {
      const deployedTo = await createEnvironment(b, 'production');
      const releasedTo = await createEnvironment(b, 'mobile-store');
      await b.api.put('/pacticipants/orders/versions/1', {});
      const d = await b.api.post(`/pacticipants/orders/versions/1/deployed-versions/environment/${deployedTo}`, {});
      await b.api.patch(
        pathOf(d.body._links.self.href),
        { currentlyDeployed: false },
        { 'content-type': 'application/merge-patch+json' },
      );
      await b.api.post(`/pacticipants/orders/versions/1/released-versions/environment/${releasedTo}`, {});
      await refused(b, 409, () => b.api.delete(`/environments/${deployedTo}`), /history/);
      await refused(b, 409, () => b.api.delete(`/environments/${releasedTo}`), /history/);
      assert.equal(hal(await b.api.get(`/environments/${deployedTo}`)).name, 'production');
    });

    it('an unknown uuid is a 404 for GET, PUT, DELETE and the listings, and writes nothing', async () => {
      for (const url of [
        `/environments/${UUID}`,
        `/environments/${UUID}/deployed-versions/currently-deployed`,
        `/environments/${UUID}/released-versions/currently-supported`,
      ]) {
        const res = await b.api.get(url);
        assert.equal(res.status, 404, url);
        assert.ok(res.body.errors);
      }
      await refused(b, 404, () => b.api.put(`/environments/${UUID}`, { name: 'x', production: false }));
      await refused(b, 404, () => b.api.delete(`/environments/${UUID}`));
    });

    it('a second environment with the same name or uuid is a 409 that writes nothing', async () => {
      await b.api.post('/environments', { uuid: UUID, name: 'production', production: true });
      await refused(b, 409, () => b.api.post('/environments', { name: 'production', production: false }), /production/);
      await refused(
        b,
        409,
        () => b.api.post('/environments', { uuid: UUID, name: 'other', production: false }),
        new RegExp(UUID),
      );
      const test = await createEnvironment(b, 'test');
      await refused(
        b,
        409,
        () => b.api.put(`/environments/${test}`, { name: 'production', production: false }),
        /production/,
      );
      await refused(
        b,
        400,
        () => b.api.put(`/environments/${test}`, { uuid: UUID, name: 'test', production: false }),
        /does not match/,
      );
    });

    describe('bad input is a 400 that writes nothing', () => {
      const cases: [string, unknown, RegExp][] = [
        ['malformed JSON', '{"name": "x", ', /not valid JSON/],
        ['a missing production flag', { name: 'test' }, /production/],
        ['production as a string', { name: 'test', production: 'yes' }, /production must be true or false/],
        ['a name with spaces', { name: 'my env', production: false }, /name must not contain spaces/],
        ['a missing name', { production: false }, /name/],
        ['a malformed uuid', { uuid: '../../etc', name: 'test', production: false }, /uuid/],
        ['contacts that are not a list', { name: 'test', production: false, contacts: 'ops' }, /contacts/],
      ];
      for (const [what, body, pattern] of cases) {
        it(what, async () => {
          const uuid = await createEnvironment(b, 'existing');
          await refused(b, 400, () => b.api.post('/environments', body), pattern);
          await refused(b, 400, () => b.api.put(`/environments/${uuid}`, body), pattern);
        });
      }
    });
  });
}
