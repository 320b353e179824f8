import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';
import { createEnvironment, hal, MERGE_PATCH, pathOf, refused } from './support.ts';

for (const adapter of adapters()) {
  describe(`Deployed versions [${adapter}]`, () => {
    let b: TestBroker;
    let prod: string;
    const deploy = (version: string, body: Record<string, unknown> = {}, pacticipant = 'orders', env = prod) =>
      b.api.post(`/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${env}`, body);
    const current = async (query = '') =>
      hal(
        await b.api.get(`/environments/${prod}/deployed-versions/currently-deployed${query}`),
      )._embedded.deployedVersions.map(
        (d: { applicationInstance: string | null; _embedded: { version: { number: string } } }) => [
          d._embedded.version.number,
          d.applicationInstance,
        ],
      );

    beforeEach(async () => {
      b = await startTestBroker({ adapter });
      prod = await createEnvironment(b, 'production');
      for (const v of ['1', '2', '3']) await b.api.put(`/pacticipants/orders/versions/${v}`, {});
    });
    afterEach(async () => b.destroy());

    it('records a deployment: 201, Location, currently deployed, with its pacticipant, version and environment', async () => {
      const res = await deploy('1', { applicationInstance: null, target: null });
      const d = hal(res, 201);
      assert.equal(res.headers.get('location'), d._links.self.href);
      assert.match(pathOf(d._links.self.href), /^\/deployed-versions\/[0-9a-f-]{36}$/);
      assert.deepEqual(
        [
          d.currentlyDeployed,
          d.applicationInstance,
          d._embedded.pacticipant.name,
          d._embedded.version.number,
          d._embedded.environment.name,
        ],
        [true, null, 'orders', '1', 'production'],
      );
      assert.equal(hal(await b.api.get(pathOf(d._links.self.href))).uuid, d.uuid);
      assert.deepEqual(await current(), [['1', null]]);
      const v = hal(await b.api.get('/pacticipants/orders/versions/1'));
      assert.deepEqual(
        v._embedded.deployedVersions.map((x: { environment: string; currentlyDeployed: boolean }) => [
          x.environment,
          x.currentlyDeployed,
        ]),
        [['production', true]],
      );
    });

    it('deploying the same version again is idempotent: one record', async () => {
      const first = hal(await deploy('1'), 201);
      const again = await deploy('1');
      assert.ok(again.status === 200 || again.status === 201, again.text);
      assert.equal(again.body.uuid, first.uuid);
      assert.deepEqual(await current(), [['1', null]]);
    });

    it('a second version to the same environment and instance ends the first deployment; its history is kept', async () => {
      const first = hal(await deploy('1'), 201);
      hal(await deploy('2'), 201);
      assert.deepEqual(await current(), [['2', null]]);
      const ended = hal(await b.api.get(pathOf(first._links.self.href)));
      assert.equal(ended.currentlyDeployed, false);
      assert.ok(!Number.isNaN(Date.parse(ended.undeployedAt)));
      const v1 = hal(await b.api.get('/pacticipants/orders/versions/1'));
      assert.deepEqual(
        v1._embedded.deployedVersions.map((x: { currentlyDeployed: boolean }) => x.currentlyDeployed),
        [false],
      );
      // a rollback to 1 is a new record; the history has all three
      hal(await deploy('1'), 201);
      assert.deepEqual(await current(), [['1', null]]);
      assert.equal(hal(await b.api.get('/pacticipants/orders/versions/1'))._embedded.deployedVersions.length, 2);
    });

    it('two application instances are both live; each is replaced only by its own instance', async () => {
      hal(await deploy('1', { applicationInstance: 'eu' }), 201);
      hal(await deploy('2', { applicationInstance: 'us', target: 'us' }), 201);
      assert.deepEqual(await current(), [
        ['1', 'eu'],
        ['2', 'us'],
      ]);
      assert.deepEqual(await current('?pacticipant=orders&applicationInstance=eu'), [['1', 'eu']]);
      hal(await deploy('3', { target: 'eu' }), 201);
      assert.deepEqual(await current(), [
        ['3', 'eu'],
        ['2', 'us'],
      ]);
      hal(await deploy('3'), 201);
      // a blank applicationInstance means the deployment recorded without one
      assert.deepEqual(await current('?applicationInstance='), [['3', null]]);
    });

    it('the currently-deployed listing filters by pacticipant', async () => {
      await b.api.put('/pacticipants/web/versions/9', {});
      await deploy('1');
      await deploy('9', {}, 'web');
      assert.deepEqual(await current('?pacticipant=web'), [['9', null]]);
      assert.deepEqual((await current()).length, 2);
    });

    it('PATCH {currentlyDeployed: false} records the undeployment (200) as `pact-broker record-undeployment` does', async () => {
      await deploy('1');
      // the client's flow: pb:environments, the environment by name, pb:currently-deployed-deployed-versions?pacticipant=
      const index = hal(await b.api.get('/'));
      const envs = hal(await b.api.get(pathOf(index._links['pb:environments'].href)));
      const env = envs._embedded.environments.find((e: { name: string }) => e.name === 'production');
      const list = hal(
        await b.api.get(`${pathOf(env._links['pb:currently-deployed-deployed-versions'].href)}?pacticipant=orders`),
      );
      const [dv] = list._embedded.deployedVersions;
      const res = hal(await b.api.patch(pathOf(dv._links.self.href), { currentlyDeployed: false }, MERGE_PATCH));
      assert.equal(res.currentlyDeployed, false);
      assert.ok(res.undeployedAt);
      assert.equal(res._embedded.version.number, '1');
      assert.deepEqual(await current(), []);
      // undeploying again changes nothing
      const again = hal(await b.api.patch(pathOf(dv._links.self.href), { currentlyDeployed: false }, MERGE_PATCH));
      assert.equal(again.undeployedAt, res.undeployedAt);
    });

    it('PATCH {currentlyDeployed: true} is a 422 that changes nothing', async () => {
      const d = hal(await deploy('1'), 201);
      await refused(
        b,
        422,
        () => b.api.patch(pathOf(d._links.self.href), { currentlyDeployed: true }, MERGE_PATCH),
        /currentlyDeployed/,
      );
      await b.api.patch(pathOf(d._links.self.href), { currentlyDeployed: false }, MERGE_PATCH);
      await refused(
        b,
        422,
        () => b.api.patch(pathOf(d._links.self.href), { currentlyDeployed: true }, MERGE_PATCH),
        /currentlyDeployed/,
      );
    });

    it('PATCH with a wrong type or malformed JSON is a 400, an unknown uuid a 404; nothing changes', async () => {
      const d = hal(await deploy('1'), 201);
      await refused(
        b,
        400,
        () => b.api.patch(pathOf(d._links.self.href), { currentlyDeployed: 'false' }, MERGE_PATCH),
        /currentlyDeployed/,
      );
      await refused(
        b,
        400,
        () => b.api.patch(pathOf(d._links.self.href), '{"currentlyDeployed": fal', MERGE_PATCH),
        /not valid JSON/,
      );
      await refused(b, 404, () =>
        b.api.patch(
          '/deployed-versions/00000000-0000-4000-8000-000000000000',
          { currentlyDeployed: false },
          MERGE_PATCH,
        ),
      );
      assert.equal((await b.api.get('/deployed-versions/00000000-0000-4000-8000-000000000000')).status, 404);
    });

    it('recording a deployment of an unknown pacticipant, version or environment is a 404 that writes nothing', async () => {
      await refused(b, 404, () => deploy('99'), /99/);
      await refused(b, 404, () => deploy('1', {}, 'nobody'), /nobody/);
      await refused(b, 404, () => deploy('1', {}, 'orders', '00000000-0000-4000-8000-000000000000'), /Environment/);
    });

    it('a deployment body with wrong types or malformed JSON is a 400 that writes nothing', async () => {
      await refused(b, 400, () => deploy('1', { applicationInstance: 5 }), /applicationInstance/);
      await refused(
        b,
        400,
        () => b.api.post(`/pacticipants/orders/versions/1/deployed-versions/environment/${prod}`, '{'),
        /not valid JSON/,
      );
    });
  });
}
