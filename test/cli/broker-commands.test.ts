import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aPact } from '../support/pact-builder.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { closedPortUrl, run } from './support.ts';

const V3 = 'fixtures/pacts/v3';
const V4 = 'fixtures/pacts/v4';
const OPENAPI = 'fixtures/openapi/cli/orders.yaml';

describe('rollgate CLI against a real broker', () => {
  let b: TestBroker;
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    b = await startTestBroker();
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    dir = mkdtempSync(join(tmpdir(), 'rollgate-cli-'));
  });
  after(async () => {
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('publish', () => {
    it('publishes a folder of v3 pacts with branch, comma and repeated tags, and build URL', async () => {
      const r = await run(
        [
          'publish',
          V3,
          '--consumer-app-version',
          '1.0.0',
          '--branch',
          'main',
          '--tag',
          'dev,qa',
          '--tag',
          'rc',
          '--build-url',
          'http://ci/1',
        ],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /web/);
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.0.0');
      assert.equal(pact.status, 200);
      assert.equal(pact.body.metadata.pactSpecification.version, '3.0.0');
      const version = await b.api.get('/pacticipants/web/versions/1.0.0');
      assert.deepEqual(version.body._embedded.tags.map((t: { name: string }) => t.name).sort(), ['dev', 'qa', 'rc']);
      assert.equal(version.body._embedded.branchVersions[0].name, 'main');
      assert.equal(version.body.buildUrl, 'http://ci/1');
    });

    it('publishes a v4 pact file and prints the broker response with --output json', async () => {
      const r = await run(['publish', `${V4}/web-orders.json`, '-a', '1.1.0', '--output', 'json'], env);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out)._embedded.version.number, '1.1.0');
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1.1.0');
      assert.equal(pact.body.metadata.pactSpecification.version, '4.0');
    });

    it('publishes message pacts and v2 pacts, grouping files per consumer and provider', async () => {
      const folder = join(dir, 'mixed');
      mkdirSync(folder);
      writeFileSync(
        join(folder, 'events.json'),
        JSON.stringify(aPact('web', 'order-events').withMessage({ description: 'an order created event' }).build()),
      );
      writeFileSync(
        join(folder, 'billing-1.json'),
        JSON.stringify(
          aPact('web', 'billing').specification('2.0.0').withInteraction({ description: 'a', path: '/a' }).build(),
        ),
      );
      writeFileSync(
        join(folder, 'billing-2.json'),
        JSON.stringify(
          aPact('web', 'billing').specification('2.0.0').withInteraction({ description: 'b', path: '/b' }).build(),
        ),
      );
      writeFileSync(join(folder, 'notes.txt'), 'not a pact');
      const r = await run(['publish', folder, '--consumer-app-version', '1.2.0'], env);
      assert.equal(r.code, 0, r.err);
      const events = await b.api.get('/pacts/provider/order-events/consumer/web/version/1.2.0');
      assert.equal(events.body.messages[0].description, 'an order created event');
      const billing = await b.api.get('/pacts/provider/billing/consumer/web/version/1.2.0');
      assert.deepEqual(
        billing.body.interactions.map((i: { description: string }) => i.description),
        ['a', 'b'],
        'two files for one pair are merged',
      );
    });

    it("prints the broker's errors readably and exits 4 when different content is published for a version", async () => {
      const file = join(dir, 'changed.json');
      writeFileSync(
        file,
        JSON.stringify(aPact('web', 'orders').withInteraction({ description: 'something else entirely' }).build()),
      );
      const r = await run(['publish', file, '--consumer-app-version', '1.0.0'], env);
      assert.equal(r.code, 4);
      assert.match(r.err, /409/);
      assert.doesNotMatch(r.err, /\{"errors"/, 'not a raw JSON dump');
    });

    it('exits 5 for a missing path, a file that is not JSON, or a file that is not a pact', async () => {
      assert.equal((await run(['publish', join(dir, 'nope.json'), '-a', '1'], env)).code, 5);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{ not json');
      const r = await run(['publish', bad, '-a', '1'], env);
      assert.equal(r.code, 5);
      assert.match(r.err, /bad\.json.*not valid JSON/);
      writeFileSync(bad, '{"hello": "world"}');
      assert.equal((await run(['publish', bad, '-a', '1'], env)).code, 5);
    });

    it("refuses a pact the broker would refuse before sending anything, in the broker's words", async () => {
      const file = join(dir, 'unknown-matcher.json');
      const pact = aPact('local-check', 'orders')
        .withInteraction({ responseMatchingRules: { body: { '$.id': { matchers: [{ match: 'wat' }] } } } })
        .build();
      writeFileSync(file, JSON.stringify(pact));
      const r = await run(['publish', file, '-a', '1.0.0'], env);
      assert.equal(r.code, 5, r.err);
      assert.match(
        r.err,
        /unknown-matcher\.json: not a usable pact: \$\.interactions\[0\]\.response\.matchingRules\.body\["\$\.id"\]\.matchers\[0\]\.match/,
      );
      const broker = await b.api.post('/contracts/publish', {
        pacticipantName: 'local-check',
        pacticipantVersionNumber: '1.0.0',
        contracts: [
          {
            consumerName: 'local-check',
            providerName: 'orders',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(pact)).toString('base64'),
          },
        ],
      });
      assert.equal(broker.status, 400);
      const words = /"wat" is not a Pact matcher \(known: [^)]+\)/;
      assert.match(r.err, words);
      assert.match(Object.values(broker.body.errors).flat().join('\n'), words, 'the broker says the same');
      assert.equal((await b.api.get('/pacticipants/local-check')).status, 404, 'nothing was written');
    });
  });

  describe('publish-provider-contract', () => {
    it('publishes a YAML document with its self-verification result', async () => {
      const report = join(dir, 'report.txt');
      writeFileSync(report, 'all 12 tests passed');
      const r = await run(
        [
          'publish-provider-contract',
          OPENAPI,
          '--provider',
          'orders',
          '--provider-app-version',
          '2.0.0',
          '--branch',
          'main',
          '--tag',
          'dev',
          '--verification-success',
          '--verification-results',
          report,
          '--verifier',
          'schemathesis',
          '--verifier-version',
          '3.1',
        ],
        env,
      );
      assert.equal(r.code, 0, r.err);
      const c = await b.api.get('/provider-contracts/provider/orders/version/2.0.0');
      assert.equal(c.status, 200);
      assert.equal(c.body.contentType, 'application/yaml');
      assert.match(c.body.content, /title: Orders/);
      assert.equal(c.body.selfVerificationResults.success, true);
      assert.equal(c.body.selfVerificationResults.verifier, 'schemathesis');
      assert.equal(Buffer.from(c.body.selfVerificationResults.content, 'base64').toString(), 'all 12 tests passed');
      assert.equal(c.body.selfVerificationResults.format, 'text');
    });

    it('records a failed self-verification from --no-verification-success or a non-zero --verification-exit-code', async () => {
      assert.equal(
        (
          await run(
            ['publish-provider-contract', OPENAPI, '--provider', 'orders', '-a', '2.0.1', '--no-verification-success'],
            env,
          )
        ).code,
        0,
      );
      assert.equal(
        (await b.api.get('/provider-contracts/provider/orders/version/2.0.1')).body.selfVerificationResults.success,
        false,
      );
      assert.equal(
        (
          await run(
            [
              'publish-provider-contract',
              OPENAPI,
              '--provider',
              'orders',
              '-a',
              '2.0.2',
              '--verification-exit-code',
              '3',
            ],
            env,
          )
        ).code,
        0,
      );
      assert.equal(
        (await b.api.get('/provider-contracts/provider/orders/version/2.0.2')).body.selfVerificationResults.success,
        false,
      );
    });

    it('exits 2 when the media type cannot be guessed, and 5 when the document is missing', async () => {
      const odd = join(dir, 'openapi.txt');
      writeFileSync(odd, 'openapi: 3.0.3');
      assert.equal((await run(['publish-provider-contract', odd, '--provider', 'orders', '-a', '3'], env)).code, 2);
      assert.equal(
        (await run(['publish-provider-contract', join(dir, 'missing.yaml'), '--provider', 'orders', '-a', '3'], env))
          .code,
        5,
      );
    });

    it("exits 4 with the parser's message when the broker refuses the document", async () => {
      const broken = join(dir, 'broken.yaml');
      writeFileSync(broken, 'openapi: 3.0.3\ninfo: 12\n');
      const r = await run(['publish-provider-contract', broken, '--provider', 'orders', '-a', '3'], env);
      assert.equal(r.code, 4);
      assert.match(r.err, /400/);
    });
  });

  describe('environments and deployments', () => {
    it('creates environments', async () => {
      const r = await run(
        ['create-environment', '--name', 'production', '--display-name', 'Production', '--production'],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.out,
        /^Created environment production \(UUID [0-9a-f-]{36}\)$/m,
        'the name once, not "production environment production"',
      );
      assert.equal((await run(['create-environment', '--name', 'test'], env)).code, 0);
      const list = await b.api.get('/environments');
      const prod = list.body._embedded.environments.find((e: { name: string }) => e.name === 'production');
      assert.equal(prod.production, true);
      assert.equal(prod.displayName, 'Production');
    });

    it('refuses a duplicate environment with exit 4', async () => {
      const r = await run(['create-environment', '--name', 'test'], env);
      assert.equal(r.code, 4);
      assert.match(r.err, /409/);
    });

    it('records a deployment, with and without an application instance, and an undeployment', async () => {
      let r = await run(
        ['record-deployment', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'production'],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Recorded deployment of web version 1.0.0 to production/);
      r = await run(
        [
          'record-deployment',
          '--pacticipant',
          'web',
          '--version',
          '1.1.0',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        ],
        env,
      );
      assert.equal(r.code, 0, r.err);
      const envs = await b.api.get('/environments?name=production');
      const uuid = envs.body._embedded.environments[0].uuid;
      let deployed = await b.api.get(`/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=web`);
      assert.deepEqual(
        deployed.body._embedded.deployedVersions
          .map((d: any) => [d._embedded.version.number, d.applicationInstance])
          .sort(),
        [
          ['1.0.0', null],
          ['1.1.0', 'blue'],
        ],
      );

      r = await run(
        [
          'record-undeployment',
          '--pacticipant',
          'web',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        ],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Recorded undeployment of web version 1.1.0 from production \(application instance blue\)/);
      deployed = await b.api.get(`/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=web`);
      assert.deepEqual(
        deployed.body._embedded.deployedVersions.map((d: any) => d._embedded.version.number),
        ['1.0.0'],
      );

      r = await run(
        [
          'record-undeployment',
          '--pacticipant',
          'web',
          '--environment',
          'production',
          '--application-instance',
          'blue',
        ],
        env,
      );
      assert.equal(r.code, 4, 'nothing left to undeploy for that instance');
      assert.match(r.err, /not currently deployed to production with application instance blue/);
      // It lists what IS deployed, the deployment without an instance included, and how to name each.
      assert.match(
        r.err,
        /currently deployed: \(no instance\) \(version 1\.0\.0\); leave --application-instance out for \(no instance\)/,
        r.err,
      );
      assert.doesNotMatch(r.err, /\(none\)/);
    });

    it('says which environments exist when asked for an unknown one, and names an unknown version (exit 4)', async () => {
      let r = await run(
        ['record-deployment', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'staging'],
        env,
      );
      assert.equal(r.code, 4);
      assert.match(r.err, /environment staging does not exist.*known: .*production/);
      r = await run(
        ['record-deployment', '--pacticipant', 'web', '--version', '9.9.9', '--environment', 'production'],
        env,
      );
      assert.equal(r.code, 4);
      assert.match(r.err, /web version 9\.9\.9 does not exist/);
      r = await run(['record-undeployment', '--pacticipant', 'web', '--environment', 'staging'], env);
      assert.equal(r.code, 4);
    });

    it('can-i-deploy --to-environment and can-i-rollback --environment name the environments that exist when given an unknown one (exit 4)', async () => {
      let r = await run(
        ['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'staging'],
        env,
      );
      assert.equal(r.code, 4, r.err);
      assert.match(r.err, /environment staging does not exist.*known: .*production/);
      r = await run(['can-i-rollback', '--environment', 'staging', '--pacticipant', 'web'], env);
      assert.equal(r.code, 4, r.err);
      assert.match(r.err, /environment staging does not exist.*known: .*production/);
      // A 400 for another reason keeps the broker's message; an unknown version is a "no" (1), as in the Pact Broker.
      r = await run(
        ['can-i-deploy', '--pacticipant', 'nobody', '--version', '1.0.0', '--to-environment', 'production'],
        env,
      );
      assert.equal(r.code, 4, r.err);
      assert.match(r.err, /Pacticipant nobody not found/);
      assert.doesNotMatch(r.err, /environment production does not exist/);
      r = await run(
        ['can-i-deploy', '--pacticipant', 'web', '--version', '9.9.9', '--to-environment', 'production'],
        env,
      );
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /version 9\.9\.9 of web does not exist/);
    });

    it('records a release and the end of its support', async () => {
      let r = await run(['record-release', '--pacticipant', 'web', '--version', '1.2.0', '--environment', 'test'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Recorded release of web version 1.2.0 to test/);
      const uuid = (await b.api.get('/environments?name=test')).body._embedded.environments[0].uuid;
      const supported = () => b.api.get(`/environments/${uuid}/released-versions/currently-supported?pacticipant=web`);
      assert.equal((await supported()).body._embedded.releasedVersions.length, 1);
      r = await run(
        ['record-support-ended', '--pacticipant', 'web', '--version', '1.2.0', '--environment', 'test'],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.equal((await supported()).body._embedded.releasedVersions.length, 0);
      r = await run(
        ['record-support-ended', '--pacticipant', 'web', '--version', '1.2.0', '--environment', 'test'],
        env,
      );
      assert.equal(r.code, 4);
      assert.match(r.err, /not a currently supported release in test/);
    });
  });

  describe('describe-version', () => {
    it('describes a version, the latest version and the latest with a tag', async () => {
      let r = await run(['describe-version', '--pacticipant', 'web', '--version', '1.0.0'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /NUMBER/);
      assert.match(r.out, /1\.0\.0\s+main\s+dev, qa, rc/);
      r = await run(['describe-version', '--pacticipant', 'web'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /1\.2\.0/);
      r = await run(['describe-version', '--pacticipant', 'web', '--latest', 'rc', '--output', 'json'], env);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).number, '1.0.0');
    });

    it('exits 4 for an unknown version and 2 for --version with --latest', async () => {
      const r = await run(['describe-version', '--pacticipant', 'web', '--version', '7.7.7'], env);
      assert.equal(r.code, 4);
      assert.match(r.err, /no version 7\.7\.7 of web/);
      assert.equal(
        (await run(['describe-version', '--pacticipant', 'web', '--version', '1', '--latest'], env)).code,
        2,
      );
    });
  });

  describe('exit codes for failures', () => {
    it('bad flags exit 2, never 1', async () => {
      for (const argv of [
        ['publish', V3],
        ['publish', V3, '-a', '1', '--no-such-flag'],
        ['record-deployment', '--pacticipant', 'web'],
        ['describe-version', '--pacticipant', 'web', '--output', 'yaml'],
        ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--retry-while-unknown', 'lots'],
        ['no-such-command'],
      ]) {
        const r = await run(argv, env);
        assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      }
    });

    it('a bad flag prints the error and one line pointing at --help, not the whole help', async () => {
      const r = await run(['publish', V3, '-a', '1', '--no-such-flag'], env);
      assert.equal(r.code, 2);
      assert.deepEqual(r.err.trim().split('\n'), [
        "error: unknown option '--no-such-flag'",
        '(run rollgate publish --help for usage)',
      ]);
      const top = await run(['--no-such-flag'], env);
      assert.equal(top.code, 2);
      assert.match(top.err, /\(run rollgate --help for usage\)\n$/);
      assert.doesNotMatch(top.err + r.err, /Options:|Examples:/);
    });

    it("--steps 0, abc, 1.5 and 101 get the same message (the broker's range, 1 to 100)", async () => {
      const message = (r: { err: string }) => r.err.split('\n')[0]!.replace(/argument '[^']*'/, 'argument X');
      const messages = new Set<string>();
      for (const steps of ['0', 'abc', '1.5', '101', '-1']) {
        const r = await run(['can-i-rollback', '--environment', 'production', '--steps', steps], env);
        assert.equal(r.code, 2, `--steps ${steps}: ${r.err}`);
        messages.add(message(r));
      }
      assert.deepEqual(
        [...messages],
        ["error: option '--steps <n>' argument X is invalid. expected a whole number from 1 to 100"],
      );
    });

    it('--version prints the package version and exits 0', async () => {
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      for (const flag of ['--version', '-V']) {
        const r = await run([flag]);
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, `${version}\n`);
      }
    });

    it('--help exits 0 and shows examples for every command', async () => {
      const root = await run(['--help']);
      assert.equal(root.code, 0);
      const commands = [...root.out.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
      assert.ok(commands.length >= 13, commands.join(','));
      for (const c of commands) {
        const r = await run([c, '--help']);
        assert.equal(r.code, 0, c);
        assert.match(r.out, /Examples:\n {2}rollgate /, c);
      }
    });

    it('an unreachable broker exits 3 with a message', async () => {
      const url = await closedPortUrl();
      const r = await run(['describe-version', '--pacticipant', 'web', '--broker-base-url', url]);
      assert.equal(r.code, 3);
      assert.match(r.err, /cannot reach the broker at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    });

    it('a broker base URL that is not a URL is a bad flag (exit 2)', async () => {
      assert.equal((await run(['describe-version', '--pacticipant', 'web', '-b', 'not a url'])).code, 2);
    });
  });
});
