import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, hal, MERGE_PATCH, pathOf, refused } from './support.ts';

for (const adapter of adapters()) {
  describe(`Released versions [${adapter}]`, () => {
    let b: TestBroker;
    let store: string;
    const release = (version: string, pacticipant = 'app', env = store) =>
      b.api.post(`/pacticipants/${pacticipant}/versions/${version}/released-versions/environment/${env}`, {});
    const supported = async (query = '') =>
      hal(
        await b.api.get(`/environments/${store}/released-versions/currently-supported${query}`),
      )._embedded.releasedVersions.map(
        (r: { _embedded: { version: { number: string } } }) => r._embedded.version.number,
      );

    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      store = await createEnvironment(b, 'app-store', true);
      for (const v of ['1', '2']) await b.api.put(`/pacticipants/app/versions/${v}`, {});
    });
    afterEach(async () => b.destroy());

    it("records a release through the version's pb:record-release link: 201, Location, currently supported", async () => {
      const v = hal(await b.api.get('/pacticipants/app/versions/1'));
      const link = v._links['pb:record-release'].find((l: { name: string }) => l.name === 'app-store');
      const res = await b.api.post(pathOf(link.href), {});
      const r = hal(res, 201);
      assert.equal(res.headers.get('location'), r._links.self.href);
      assert.deepEqual(
        [r.currentlySupported, r._embedded.version.number, r._embedded.environment.name],
        [true, '1', 'app-store'],
      );
      assert.equal(hal(await b.api.get(pathOf(r._links.self.href))).uuid, r.uuid);
      assert.deepEqual(await supported(), ['1']);
    });

    it('releasing another version does not touch the versions already released', async () => {
      hal(await release('1'), 201);
      hal(await release('2'), 201);
      assert.deepEqual((await supported()).sort(), ['1', '2']);
      assert.deepEqual(await supported('?pacticipant=app&version=1'), ['1']);
      assert.deepEqual(await supported('?pacticipant=app&version=3'), []);
    });

    it('PATCH {currentlySupported: false} records support ended (200) as `pact-broker record-support-ended` does', async () => {
      hal(await release('1'), 201);
      hal(await release('2'), 201);
      const env = hal(await b.api.get(`/environments/${store}`));
      const list = hal(
        await b.api.get(
          `${pathOf(env._links['pb:currently-supported-released-versions'].href)}?pacticipant=app&version=1`,
        ),
      );
      const [rv] = list._embedded.releasedVersions;
      const ended = hal(await b.api.patch(pathOf(rv._links.self.href), { currentlySupported: false }, MERGE_PATCH));
      assert.equal(ended.currentlySupported, false);
      assert.ok(!Number.isNaN(Date.parse(ended.supportEndedAt)));
      assert.deepEqual(await supported(), ['2']);
      // released again later: a new record, the old one stays ended
      const again = hal(await release('1'), 201);
      assert.notEqual(again.uuid, rv.uuid);
      assert.equal(hal(await b.api.get(pathOf(rv._links.self.href))).currentlySupported, false);
      assert.deepEqual((await supported()).sort(), ['1', '2']);
    });

    it('releasing a version that is already supported is idempotent', async () => {
      const first = hal(await release('1'), 201);
      const again = await release('1');
      assert.ok(again.status === 200 || again.status === 201, again.text);
      assert.equal(again.body.uuid, first.uuid);
      assert.deepEqual(await supported(), ['1']);
    });

    it('PATCH {currentlySupported: true} is a 422, a wrong type a 400, an unknown uuid a 404; nothing changes', async () => {
      const r = hal(await release('1'), 201);
      await refused(
        b,
        422,
        () => b.api.patch(pathOf(r._links.self.href), { currentlySupported: true }, MERGE_PATCH),
        /currentlySupported/,
      );
      await refused(
        b,
        400,
        () => b.api.patch(pathOf(r._links.self.href), { currentlySupported: 0 }, MERGE_PATCH),
        /currentlySupported/,
      );
      await refused(b, 404, () =>
        b.api.patch(
          '/released-versions/00000000-0000-4000-8000-000000000000',
          { currentlySupported: false },
          MERGE_PATCH,
        ),
      );
      assert.equal((await b.api.get('/released-versions/00000000-0000-4000-8000-000000000000')).status, 404);
    });

    it('releasing an unknown pacticipant, version or environment is a 404 that writes nothing; malformed JSON a 400', async () => {
      await refused(b, 404, () => release('9'), /9/);
      await refused(b, 404, () => release('1', 'nobody'), /nobody/);
      await refused(b, 404, () => release('1', 'app', '00000000-0000-4000-8000-000000000000'), /Environment/);
      await refused(
        b,
        400,
        () => b.api.post(`/pacticipants/app/versions/1/released-versions/environment/${store}`, '{"x"'),
        /not valid JSON/,
      );
    });
  });
}
