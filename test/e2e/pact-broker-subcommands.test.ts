import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pactBroker } from '../support/pact-broker-cli.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

/**
 * Every `pact-broker` subcommand (pact-cli 18) but the webhook ones (test/webhooks) and those covered by
 * real-clients.test.ts, run for real against rollgate; each asserts the exit code and what the broker
 * stored or answered, not just that the client was happy.
 */
describe('the real pact-broker CLI: every subcommand against rollgate', function () {
  this.timeout(120_000);
  let b: TestBroker;
  let url: string;
  const ok = async (args: string[]) => {
    const r = await pactBroker(args, url);
    assert.equal(r.code, 0, `pact-broker ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r;
  };

  before(async () => {
    b = await startTestBroker();
    url = b.url;
    await ok([
      'publish',
      resolve('fixtures/pacts/v3'),
      '--consumer-app-version',
      '1.0.0',
      '--branch',
      'main',
      '--tag',
      'dev',
      '--build-url',
      'http://ci/1',
    ]);
  });
  after(async () => b.destroy());

  it('create-or-update-pacticipant, describe-pacticipant, list-pacticipants', async () => {
    await ok([
      'create-or-update-pacticipant',
      '--name',
      'billing',
      '--display-name',
      'Billing',
      '--main-branch',
      'trunk',
      '--repository-url',
      'https://git.example/billing',
    ]);
    const stored = await b.api.get('/pacticipants/billing');
    assert.deepEqual(
      [stored.body.displayName, stored.body.mainBranch, stored.body.repositoryUrl],
      ['Billing', 'trunk', 'https://git.example/billing'],
    );
    await ok(['create-or-update-pacticipant', '--name', 'billing', '--main-branch', 'main']);
    assert.equal((await b.api.get('/pacticipants/billing')).body.mainBranch, 'main');
    assert.match((await ok(['describe-pacticipant', '--name', 'billing'])).stdout, /billing/);
    const list = await ok(['list-pacticipants', '--output', 'json']);
    assert.match(list.stdout, /"billing"/);
    assert.match(list.stdout, /"orders"/);
    // The text table reads a top-level `pacticipants` array (not `_embedded`): it must list every name.
    const table = await ok(['list-pacticipants']);
    for (const name of ['billing', 'orders', 'web']) assert.match(table.stdout, new RegExp(`"${name}"`), table.stdout);
    assert.match(table.stdout, /"Billing"/, 'the display name column is filled');
  });

  it('create-or-update-version, create-version-tag, delete-version-tag, describe-version', async () => {
    await ok([
      'create-or-update-version',
      '--pacticipant',
      'billing',
      '--version',
      '3.1.0',
      '--branch',
      'feat-x',
      '--tag',
      'qa',
    ]);
    let v = await b.api.get('/pacticipants/billing/versions/3.1.0');
    assert.equal(v.status, 200);
    assert.deepEqual(
      v.body._embedded.branchVersions.map((x: { name: string }) => x.name),
      ['feat-x'],
    );
    await ok(['create-version-tag', '--pacticipant', 'billing', '--version', '3.1.0', '--tag', 'prod', 'eu']);
    v = await b.api.get('/pacticipants/billing/versions/3.1.0');
    assert.deepEqual(v.body._embedded.tags.map((t: { name: string }) => t.name).sort(), ['eu', 'prod', 'qa']);
    await ok(['delete-version-tag', '--pacticipant', 'billing', '--version', '3.1.0', '--tag', 'eu']);
    v = await b.api.get('/pacticipants/billing/versions/3.1.0');
    assert.deepEqual(v.body._embedded.tags.map((t: { name: string }) => t.name).sort(), ['prod', 'qa']);
    assert.match((await ok(['describe-version', '--pacticipant', 'billing', '--version', '3.1.0'])).stdout, /3\.1\.0/);
  });

  it('delete-branch removes the branch and keeps its versions', async () => {
    await ok(['delete-branch', '--pacticipant', 'billing', '--branch', 'feat-x']);
    assert.equal((await b.api.get('/pacticipants/billing/branches/feat-x')).status, 404);
    assert.equal((await b.api.get('/pacticipants/billing/versions/3.1.0')).status, 200);
  });

  it('list-latest-pact-versions and get-pacts (with --download)', async () => {
    assert.match((await ok(['list-latest-pact-versions'])).stdout, /web[\s\S]*orders|orders[\s\S]*web/);
    const json = await ok(['get-pacts', '--provider', 'orders', '--output', 'json']);
    assert.match(json.stdout, /web/);
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-get-pacts-'));
    try {
      await ok(['get-pacts', '--provider', 'orders', '--branch', 'main', '--download', '--download-dir', dir]);
      assert.ok(
        readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.json')),
        'a pact file was downloaded',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('environments: create, update, describe, list, delete (refused while it has history)', async () => {
    const created = await ok(['create-environment', '--name', 'staging', '--display-name', 'Staging']);
    const uuid = /UUID ([0-9a-f-]{36})/.exec(created.stdout)?.[1];
    assert.ok(uuid, created.stdout);
    await ok([
      'update-environment',
      '--uuid',
      uuid,
      '--name',
      'staging',
      '--display-name',
      'Staging EU',
      '--production',
    ]);
    const env = await b.api.get(`/environments/${uuid}`);
    assert.deepEqual([env.body.displayName, env.body.production], ['Staging EU', true]);
    assert.match((await ok(['describe-environment', '--uuid', uuid])).stdout, /Staging EU/);
    assert.match((await ok(['list-environments'])).stdout, /staging/);
    await ok(['record-deployment', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'staging']);
    const refused = await pactBroker(['delete-environment', '--uuid', uuid], url);
    assert.notEqual(refused.code, 0, 'an environment with deployment history cannot be deleted');
    assert.equal((await b.api.get(`/environments/${uuid}`)).status, 200);
    const spare = /UUID ([0-9a-f-]{36})/.exec((await ok(['create-environment', '--name', 'scratch'])).stdout)![1];
    await ok(['delete-environment', '--uuid', spare]);
    assert.equal((await b.api.get(`/environments/${spare}`)).status, 404);
  });

  it('list-environments and describe-environment with an environment that has no display name or contacts', async () => {
    const uuid = /UUID ([0-9a-f-]{36})/.exec((await ok(['create-environment', '--name', 'bare'])).stdout)![1];
    const list = await ok(['list-environments']);
    assert.match(
      list.stdout,
      new RegExp(`${uuid}\\W+bare\\W+bare\\W+false`),
      `the display name falls back to the name\n${list.stdout}`,
    );
    const described = await ok(['describe-environment', '--uuid', uuid]);
    assert.match(described.stdout, /Display Name: bare/);
    assert.doesNotMatch(described.stdout, /null|Contacts/, described.stdout);
    const withContact = /UUID ([0-9a-f-]{36})/.exec(
      (
        await ok([
          'create-environment',
          '--name',
          'owned',
          '--contact-name',
          'Team A',
          '--contact-email-address',
          'a@example.com',
        ])
      ).stdout,
    )![1];
    const stored = await b.api.get(`/environments/${withContact}`);
    assert.deepEqual(stored.body.contacts[0].details, { emailAddress: 'a@example.com' });
    const owned = await ok(['describe-environment', '--uuid', withContact]);
    assert.match(owned.stdout, /Name: Team A[\s\S]*Email: a@example\.com/, owned.stdout);
    await ok(['delete-environment', '--uuid', uuid]);
    await ok(['delete-environment', '--uuid', withContact]);
  });

  it('record-undeployment, record-release and record-support-ended', async () => {
    await ok(['create-environment', '--name', 'edge']);
    await ok([
      'record-deployment',
      '--pacticipant',
      'web',
      '--version',
      '1.0.0',
      '--environment',
      'edge',
      '--application-instance',
      'blue',
    ]);
    const envs = await b.api.get('/environments?name=edge');
    const uuid = envs.body._embedded.environments[0].uuid;
    const live = async () =>
      (await b.api.get(`/environments/${uuid}/deployed-versions/currently-deployed`)).body._embedded.deployedVersions
        .length;
    assert.equal(await live(), 1);
    await ok([
      'record-undeployment',
      '--pacticipant',
      'web',
      '--environment',
      'edge',
      '--application-instance',
      'blue',
    ]);
    assert.equal(await live(), 0);
    await ok(['record-release', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'edge']);
    const supported = async () =>
      (await b.api.get(`/environments/${uuid}/released-versions/currently-supported`)).body._embedded.releasedVersions
        .length;
    assert.equal(await supported(), 1);
    await ok(['record-support-ended', '--pacticipant', 'web', '--version', '1.0.0', '--environment', 'edge']);
    assert.equal(await supported(), 0);
  });

  it("can-i-merge answers from the main branches: no until the provider's main branch verified the pact, then yes", async () => {
    const before = await pactBroker(['can-i-merge', '--pacticipant', 'web', '--version', '1.0.0'], url);
    assert.equal(before.code, 1, before.stdout);
    await b.td.verify({
      consumer: 'web',
      version: '1.0.0',
      provider: 'orders',
      providerVersion: '5.0.0',
      branch: 'main',
      success: true,
    });
    await ok(['can-i-merge', '--pacticipant', 'web', '--version', '1.0.0']);
  });

  it('can-i-deploy with --ignore, --output json and --retry-while-unknown', async () => {
    await ok(['create-environment', '--name', 'production', '--production']);
    // The Rust CLI prints the body verbatim with --output json (its exit code is not the answer there).
    const json = await pactBroker(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
        '--output',
        'json',
      ],
      url,
    );
    const body = JSON.parse(json.stdout.slice(json.stdout.indexOf('{')));
    assert.equal(body.summary.deployable, null);
    assert.equal(body.summary.unknown, 1);
    const started = Date.now();
    const unknown = await pactBroker(
      [
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
        '--retry-while-unknown',
        '2',
        '--retry-interval',
        '1',
      ],
      url,
    );
    assert.equal(unknown.code, 1, unknown.stdout + unknown.stderr);
    assert.ok(Date.now() - started >= 1500, 'it polled while the answer was unknown');
    await ok([
      'can-i-deploy',
      '--pacticipant',
      'web',
      '--version',
      '1.0.0',
      '--to-environment',
      'production',
      '--ignore',
      'orders',
    ]);
  });
});
