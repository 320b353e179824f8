import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '../cli/support.ts';
import { adapters, freshDatabaseLocation, startTestBroker } from '../support/test-broker.ts';

/** fixtures/pact-broker/: a Pact Broker's answers, in the shapes of its decorators (see its README). */
const history = JSON.parse(
  readFileSync(new URL('../../fixtures/pact-broker/history.json', import.meta.url), 'utf8'),
) as { responses: Record<string, unknown> };

/** A stand-in Pact Broker serving the fixture answers (GET only, basic auth required), recording what is asked. */
async function fakePactBroker(): Promise<{ url: string; asked: string[]; close: () => Promise<void> }> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '');
    asked.push(`${req.method} ${path}`);
    if (req.headers.authorization !== `Basic ${Buffer.from('reader:secret').toString('base64')}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Unauthorized"}');
      return;
    }
    const body = req.method === 'GET' ? history.responses[path] : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/hal+json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/hal+json;charset=utf-8' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

for (const adapter of adapters()) {
  describe(`rollgate import --from-pact-broker: Pact Broker answers (fixtures/pact-broker), into ${adapter}`, function () {
    this.timeout(60_000);
    let source: Awaited<ReturnType<typeof fakePactBroker>>;
    let dest: { location: string; drop: () => Promise<void> };
    const importIt = () =>
      run(
        [
          'import',
          '--database',
          dest.location,
          '--from-pact-broker',
          source.url,
          '--from-username',
          'reader',
          '--from-password',
          'secret',
          '--output',
          'json',
        ],
        {},
      );

    before(async () => {
      source = await fakePactBroker();
      dest = await freshDatabaseLocation(adapter);
    });
    after(async () => {
      await source.close();
      await dest.drop();
    });

    it("reads the Pact Broker's shapes, with GETs only, and keeps its history and timestamps", async () => {
      const r = await importIt();
      assert.equal(r.code, 0, r.out + r.err);
      const summary = JSON.parse(r.out);
      assert.deepEqual(summary.skipped, []);
      const added = Object.fromEntries(
        Object.entries(summary.counts as Record<string, { added: number }>).map(([k, c]) => [k, c.added]),
      );
      assert.deepEqual(added, {
        environment: 2,
        pacticipant: 2,
        label: 3,
        version: 5,
        branch: 3,
        branchVersion: 5,
        tag: 2,
        // Foo 1.0.0 and 1.0.1 share the Pact Broker's pact version 0f4a1c...: one here too.
        pactVersion: 2,
        pactPublication: 3,
        verification: 4,
        deployedVersion: 6,
        undeployment: 0,
        releasedVersion: 1,
        supportEnded: 0,
        webhook: 1,
      });
      // The listing is complete (branches, tags, pacts, deployments embedded or linked): no request per version.
      assert.equal(summary.requests.version, undefined);
      assert.ok(source.asked.every((a) => a.startsWith('GET ')));
      assert.deepEqual(summary.warnings.length, 1);
      assert.match(
        summary.warnings[0],
        /d2181b32-.* imported disabled: .*request\.password, request\.headers\.Authorization/,
      );

      const b = await startTestBroker({ database: dest.location });
      try {
        const foo = (await b.api.get('/pacticipants/Foo')).body;
        assert.equal(foo.mainBranch, 'main');
        assert.equal(foo.repositoryUrl, 'https://github.com/example-organization/foo');
        assert.equal(foo.createdAt, '2021-09-01T00:01:01.000Z');
        const v = (await b.api.get('/pacticipants/Foo/versions/1.0.0')).body;
        assert.equal(v.createdAt, '2021-09-01T09:00:00.000Z');
        assert.equal(v.buildUrl, 'https://ci.example.org/foo/1');
        assert.deepEqual(
          v._embedded.tags.map((t: { name: string }) => t.name),
          ['prod'],
        );
        assert.deepEqual(
          v._embedded.branchVersions.map((t: { name: string }) => t.name),
          ['main'],
        );
        const sha = async (version: string) =>
          (await b.api.get(`/pacts/provider/Bar/consumer/Foo/version/${version}`)).body._links['pb:pact-version'].name;
        assert.equal(await sha('1.0.1'), await sha('1.0.0'));
        // Interactions in their order.
        const pact = (await b.api.get('/pacts/provider/Bar/consumer/Foo/version/2.0.0')).body;
        assert.deepEqual(
          pact.interactions.map((i: { description: string }) => i.description),
          ['a request for an order', 'a request for orders'],
        );
        const latest = (
          await b.api.get(
            `/pacts/provider/Bar/consumer/Foo/pact-version/${await sha('1.0.0')}/verification-results/latest`,
          )
        ).body;
        assert.equal(latest.providerApplicationVersion, '6.0.0');
        assert.equal(latest.success, false);
        assert.equal(latest.buildUrl, 'https://ci.example.org/bar/6.0.0');
        assert.equal(latest.verificationDate, '2021-09-03T10:00:00.000Z');

        // The gates: Foo 2.0.0 and Bar 6.0.0 are deployed; rolling Foo back to its prior deployed version (1.0.0)
        // alone meets Bar 6.0.0, which failed Foo 1.0.0's pact; with Bar back to 5.0.0 as well it is safe.
        const alone = (await b.api.get('/can-i-rollback?environment=production&pacticipant=Foo')).body;
        assert.equal(alone.summary.rollbackable, false);
        assert.deepEqual(alone.targets, [{ pacticipant: 'Foo', from: '2.0.0', to: '1.0.0' }]);
        const both = (await b.api.get('/can-i-rollback?environment=production&pacticipant=Foo&pacticipant=Bar')).body;
        assert.equal(both.summary.rollbackable, true, JSON.stringify(both.summary));
        const cid = async (version: string) =>
          (await b.api.get(`/can-i-deploy?pacticipant=Foo&version=${version}&environment=production`)).body.summary
            .deployable;
        assert.equal(await cid('2.0.0'), true);
        assert.equal(await cid('1.0.1'), false);
        // test: Foo 1.0.1 was undeployed from instance blue; the release's support ended.
        const testEnv = 'a1b2c3d4-0000-4000-8000-000000000002';
        const current = (await b.api.get(`/environments/${testEnv}/deployed-versions/currently-deployed`)).body;
        assert.deepEqual(
          current._embedded.deployedVersions.map(
            (d: { _embedded: { pacticipant: { name: string } } }) => d._embedded.pacticipant.name,
          ),
          ['Bar'],
        );
        const supported = (await b.api.get(`/environments/${testEnv}/released-versions/currently-supported`)).body;
        assert.deepEqual(supported._embedded.releasedVersions, []);
        const hook = (await b.api.get('/webhooks/d2181b32-8b03-4daf-8cc0-d9168b2f6fac')).body;
        assert.equal(hook.enabled, false);
        assert.equal(hook.request.username, 'ci');
      } finally {
        await b.stop();
      }
    });

    it('a second run finds everything there and adds nothing', async () => {
      const r = await importIt();
      assert.equal(r.code, 0, r.out + r.err);
      const summary = JSON.parse(r.out);
      for (const [kind, c] of Object.entries(summary.counts as Record<string, { added: number }>))
        assert.equal(c.added, 0, kind);
      assert.deepEqual(summary.skipped, []);
      // What cannot have changed is not read again: pacts (fixed once published), ended deployments and releases.
      assert.equal(summary.requests.pact, undefined);
      assert.equal(summary.requests.deployment, 3);
      assert.equal(summary.requests.release, undefined);
      assert.equal(summary.counts.pactPublication.existing, 3);
      assert.equal(summary.counts.deployedVersion.existing, 6);
      assert.deepEqual(summary.warnings, []);
    });

    it('prints a summary for people: counts per kind, the requests sent', async () => {
      const r = await run([
        'import',
        '--database',
        dest.location,
        '--from-pact-broker',
        source.url,
        '--from-username',
        'reader',
        '--from-password',
        'secret',
      ]);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /^Imported from http:\/\/127\.0\.0\.1:\d+ in [\d.]+ s:$/m);
      assert.match(r.out, /^ {2}kind +added +existing +skipped$/m);
      assert.match(r.out, /^ {2}pactPublication +0 +3 +0$/m);
      assert.match(r.out, /^ {2}verification +0 +4 +0$/m);
      assert.match(r.out, /^ {2}branch +0 +3 +0$/m);
      assert.match(
        r.out,
        /^Requests to the source: pacticipants 1, environments 1, versions 3, matrix 2, verification 4, deployment 3, webhooks 1, webhook 1$/m,
      );
      const wrong = await run([
        'import',
        '--database',
        dest.location,
        '--from-pact-broker',
        source.url,
        '--from-username',
        'reader',
        '--from-password',
        'wrong',
      ]);
      assert.equal(wrong.code, 4);
      assert.match(wrong.err, /answered 401/);
    });
  });
}
