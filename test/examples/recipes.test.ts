/**
 * The pipeline recipes of examples/ (issue 18), run against a real broker with access control and webhooks: every
 * shell line of the GitHub Actions workflows and the GitLab CI file runs (the user's own tools replaced by
 * recording stand-ins, see support/workspace.ts), with the real `rollgate`, the real `pact-broker` and the real
 * pact-js Verifier; the Argo Rollouts AnalysisTemplate's URL and success condition are evaluated on real answers;
 * the Kubernetes Job runs its container's command as the image would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startReceiver } from '../webhooks/support.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { evaluate } from './support/expressions.ts';
import { readWorkflow, runWorkflow, triggers, type WorkflowRun } from './support/github-actions.ts';
import { gitlabJobs, runGitlabJob } from './support/gitlab.ts';
import { startOrdersProvider } from './support/orders-provider.ts';
import { ROOT, createWorkspace, shell, type Workspace } from './support/workspace.ts';

const EXAMPLES = join(ROOT, 'examples');
const TOKEN = 'recipe-ci-token';
const sha = (c: string) => c.repeat(40);
const P1 = sha('a');
const C1 = sha('1');
const C2 = sha('2');
const C3 = sha('3');

const explain = (run: WorkflowRun) =>
  run.steps.map((s) => `[${s.job}] ${s.step}: exit ${s.code}\n${s.out}${s.err}`).join('\n');

/** The broker's answer, with the recipes' credentials. */
async function brokerGet(b: TestBroker, path: string): Promise<any> {
  const res = await fetch(`${b.url}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
  });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

const deployedVersion = async (b: TestBroker, pacticipant: string) => {
  const body = await brokerGet(b, `/pacticipants/${pacticipant}/versions`);
  for (const v of body._embedded.versions as { number: string }[]) {
    const dv = await brokerGet(b, `/pacticipants/${pacticipant}/versions/${v.number}`);
    if ((dv._embedded?.deployedVersions ?? []).some((d: { currentlyDeployed?: boolean }) => d.currentlyDeployed))
      return v.number;
  }
  return undefined;
};

function brokerConfig() {
  return {
    tokens: `ci:${TOKEN}:admin`,
    webhookSchemes: ['https', 'http'],
    webhookHosts: ['127.0.0.1'],
    webhookRetrySchedule: [0.2, 0.4],
    webhookTimeoutMs: 2_000,
    precompute: false,
  };
}

describe('pipeline recipes (examples/)', function () {
  this.timeout(600_000);

  describe('GitHub Actions, Argo Rollouts and the Kubernetes hook, from a pull request to a rollback', () => {
    let b: TestBroker;
    let ws: Workspace;
    let github: Awaited<ReturnType<typeof startReceiver>>;
    let orders: Awaited<ReturnType<typeof startOrdersProvider>>;
    const settings = () => ({ vars: { PACT_BROKER_BASE_URL: b.url }, secrets: { PACT_BROKER_TOKEN: TOKEN } });
    const workflow = (name: string) => join(EXAMPLES, 'github-actions', name);
    const cli = (script: string, env: Record<string, string> = {}) =>
      shell(script, {
        cwd: ws.dir,
        path: ws.path,
        env: { PACT_BROKER_BASE_URL: b.url, PACT_BROKER_TOKEN: TOKEN, ...env },
      });

    before(async () => {
      github = await startReceiver(() => ({ status: 204, body: '' }));
      orders = await startOrdersProvider();
      b = await startTestBroker({ config: brokerConfig() });
      ws = createWorkspace({ providerBaseUrl: orders.url });
      const env = await cli('rollgate create-environment --name production --production');
      assert.equal(env.code, 0, env.err);
    });
    after(async () => {
      await b?.destroy();
      await github?.close();
      await orders?.close();
      ws?.remove();
    });

    it('the workflows listen to the events the recipe describes', () => {
      assert.deepEqual(triggers(readWorkflow(workflow('consumer.yml'))), ['pull_request', 'push']);
      assert.deepEqual(triggers(readWorkflow(workflow('provider.yml'))), [
        'push',
        'repository_dispatch',
        'repository_dispatch:contract_requiring_verification_published',
      ]);
      assert.deepEqual(triggers(readWorkflow(workflow('rollback.yml'))), ['workflow_dispatch']);
    });

    it("create-webhook.sh: the broker will call GitHub's repository_dispatch of the provider's repository", async () => {
      const r = await cli(`bash ${join(EXAMPLES, 'github-actions/create-webhook.sh')}`, {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/orders',
        GITHUB_TOKEN: 'gh-dispatch-token',
      });
      assert.equal(r.code, 0, r.out + r.err);
      const hooks = (await brokerGet(b, '/webhooks'))._embedded.webhooks;
      assert.equal(hooks.length, 1);
      assert.equal(hooks[0].request.url, `${github.url}/repos/acme/orders/dispatches`);
      assert.deepEqual(
        hooks[0].events.map((e: { name: string }) => e.name),
        ['contract_requiring_verification_published'],
      );
    });

    it('provider.yml on a push to main: verifies (no pacts yet), asks can-i-deploy, deploys, records the deployment', async () => {
      const run = await runWorkflow(
        workflow('provider.yml'),
        { name: 'push', sha: P1, ref: 'refs/heads/main' },
        settings(),
        ws,
      );
      assert.ok(run.ok, explain(run));
      assert.deepEqual(run.jobs, ['verify', 'deploy']);
      assert.ok(ws.calls().includes(`deploy production ${P1}`));
      assert.equal(await deployedVersion(b, 'orders'), P1);
    });

    it('consumer.yml on a pull request: publishes the pacts with the head branch; the webhook asks the provider to verify', async () => {
      const run = await runWorkflow(
        workflow('consumer.yml'),
        { name: 'pull_request', sha: C1, ref: 'refs/pull/7/merge', headRef: 'feat/orders' },
        settings(),
        ws,
      );
      assert.ok(run.ok, explain(run));
      assert.deepEqual(run.jobs, ['test'], 'a pull request does not deploy');
      const version = await brokerGet(b, `/pacticipants/web/versions/${C1}`);
      assert.equal(version._embedded.branchVersions[0].name, 'feat/orders');
      assert.equal(version.buildUrl, 'https://github.com/acme/service/actions/runs/1001');

      await github.waitFor(1, 30_000);
      const dispatch = github.received[0]!;
      assert.equal(dispatch.url, '/repos/acme/orders/dispatches');
      assert.equal(dispatch.headers.authorization, 'Bearer gh-dispatch-token');
      assert.equal(dispatch.json.event_type, 'contract_requiring_verification_published');
      assert.equal(dispatch.json.client_payload.sha, P1);
      assert.equal(dispatch.json.client_payload.branch, 'main');
      assert.match(dispatch.json.client_payload.pact_url, /\/pacts\/provider\/orders\/consumer\/web\//);
    });

    it('provider.yml from the webhook: verifies the changed pact against the named version and publishes the result', async () => {
      const payload = github.received[0]!.json;
      const run = await runWorkflow(
        workflow('provider.yml'),
        {
          name: 'repository_dispatch',
          sha: sha('f'),
          ref: 'refs/heads/main',
          payload: { action: payload.event_type, client_payload: payload.client_payload },
        },
        settings(),
        ws,
      );
      assert.ok(run.ok, explain(run));
      assert.deepEqual(run.jobs, ['verify-changed-pact']);
      const matrix = await brokerGet(
        b,
        `/matrix?q[][pacticipant]=web&q[][version]=${C1}&q[][pacticipant]=orders&q[][version]=${P1}&latestby=cvpv`,
      );
      assert.equal(matrix.matrix.length, 1);
      assert.equal(matrix.matrix[0].verificationResult.success, true);
    });

    it('consumer.yml on main, twice: can-i-deploy says yes, deploys and records each version', async () => {
      for (const commit of [C2, C3]) {
        const run = await runWorkflow(
          workflow('consumer.yml'),
          { name: 'push', sha: commit, ref: 'refs/heads/main' },
          settings(),
          ws,
        );
        assert.ok(run.ok, explain(run));
        assert.deepEqual(run.jobs, ['test', 'deploy']);
        assert.match(run.steps.find((s) => s.step.startsWith('Can I deploy'))!.out, /Computer says yes/);
        assert.ok(ws.calls().includes(`deploy production ${commit}`));
      }
      assert.equal(await deployedVersion(b, 'web'), C3);
    });

    it('the Argo Rollouts AnalysisTemplate: its URL asks can-i-rollback, and its condition passes only on a yes', async () => {
      const template = parse(readFileSync(join(EXAMPLES, 'argo-rollouts/analysis-template.yaml'), 'utf8'));
      assert.equal(template.kind, 'AnalysisTemplate');
      const metric = template.spec.metrics[0];
      assert.equal(metric.successCondition, 'result.summary.rollbackable == true');
      const verdict = async (service: string) => {
        const args: Record<string, string> = { service, 'broker-url': b.url, 'broker-token': TOKEN };
        for (const a of template.spec.args) if (a.value !== undefined && !(a.name in args)) args[a.name] = a.value;
        const fill = (s: string) =>
          s.replace(/\{\{args\.([\w-]+)\}\}/g, (_, n: string) => {
            assert.ok(n in args, `the template uses an argument it does not declare: ${n}`);
            return args[n]!;
          });
        const url = fill(metric.provider.web.url);
        assert.equal(url, `${b.url}/can-i-rollback?environment=production&pacticipant=${service}`);
        const headers = Object.fromEntries(
          metric.provider.web.headers.map((h: { key: string; value: string }) => [h.key, fill(h.value)]),
        );
        const res = await fetch(url, { headers });
        assert.equal(res.status, 200);
        assert.equal(metric.provider.web.jsonPath, '{$}', 'the condition reads the whole answer');
        const result = await res.json();
        assert.equal(typeof result.summary.rollbackable, 'boolean', 'the field the condition reads exists');
        return evaluate(metric.successCondition, { result });
      };
      // web 3 -> 2 keeps its pair with orders verified: a yes. orders has no version to go back to: a no.
      assert.equal(await verdict('web'), true);
      assert.equal(await verdict('orders'), false);
    });

    it('rollback.yml for a service that can roll back: the answer and plan in the job summary, then rolls back and records it', async () => {
      const run = await runWorkflow(
        workflow('rollback.yml'),
        {
          name: 'workflow_dispatch',
          sha: sha('e'),
          ref: 'refs/heads/main',
          inputs: { service: 'web', environment: 'production' },
        },
        settings(),
        ws,
      );
      assert.ok(run.ok, explain(run));
      assert.match(run.summary, /## Can web roll back in production\?/);
      assert.match(
        run.summary,
        new RegExp(`web\\s+${C3}\\s+${C2}`),
        'the plan: web from the current to the prior version',
      );
      assert.ok(ws.calls().includes(`deploy production ${C2}`));
      assert.equal(await deployedVersion(b, 'web'), C2);
    });

    it('rollback.yml for a service that cannot: stops before deploying, with the reason in the summary', async () => {
      const before = ws.calls().length;
      const run = await runWorkflow(
        workflow('rollback.yml'),
        {
          name: 'workflow_dispatch',
          sha: sha('e'),
          ref: 'refs/heads/main',
          inputs: { service: 'orders', environment: 'production' },
        },
        settings(),
        ws,
      );
      assert.equal(run.ok, false);
      assert.match(run.steps.at(-1)!.step, /Can I roll back/);
      assert.match(run.summary, /## Can orders roll back in production\?/);
      assert.match(run.summary, /orders has nothing to roll back to/);
      assert.deepEqual(
        ws
          .calls()
          .slice(before)
          .filter((c) => c.startsWith('deploy')),
        [],
      );
      assert.equal(await deployedVersion(b, 'orders'), P1);
    });

    it("the Kubernetes post-deploy Job records the deployment with the image's command", async () => {
      const job = parse(readFileSync(join(EXAMPLES, 'kubernetes/record-deployment-job.yaml'), 'utf8'));
      assert.equal(job.kind, 'Job');
      assert.match(job.metadata.annotations['helm.sh/hook'], /post-install/);
      const container = job.spec.template.spec.containers[0];
      // What Helm would fill in, and the Secret.
      const env: Record<string, string> = Object.fromEntries(
        container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      // web went back to C2 above; the Job deploys C3 again.
      Object.assign(env, { SERVICE: 'web', VERSION: C3, ENVIRONMENT: 'production' });
      assert.deepEqual(container.envFrom, [{ secretRef: { name: 'rollgate-broker' } }]);
      const secret = { PACT_BROKER_BASE_URL: b.url, PACT_BROKER_TOKEN: TOKEN };
      // Kubernetes expands $(VAR) in args from the container's env; the image's ENTRYPOINT is the command.
      const args = (container.args as string[]).map((a) =>
        a.replace(/\$\(([A-Z_]+)\)/g, (_, n: string) => env[n] ?? ''),
      );
      const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
      assert.ok(entrypoint, 'the Dockerfile has an exec-form ENTRYPOINT');
      const command = [...(JSON.parse(entrypoint[1]!) as string[]), ...args];
      assert.deepEqual(command.slice(0, 2), ['rollgate', 'record-deployment']);
      const quoted = command.map((c) => `'${c.replace(/'/g, "'\\''")}'`).join(' ');
      const r = await shell(quoted, { cwd: ws.dir, path: ws.path, env: { ...env, ...secret } });
      assert.equal(r.code, 0, r.out + r.err);
      assert.equal(await deployedVersion(b, 'web'), C3);
    });
  });

  describe('GitLab CI', () => {
    const file = join(EXAMPLES, 'gitlab/.gitlab-ci.yml');
    let b: TestBroker;
    let ws: Workspace;
    let orders: Awaited<ReturnType<typeof startOrdersProvider>>;
    const settings = () => ({ PACT_BROKER_BASE_URL: b.url, PACT_BROKER_TOKEN: TOKEN });
    const G1 = sha('b');
    const G2 = sha('c');
    const G3 = sha('d');

    before(async () => {
      orders = await startOrdersProvider();
      b = await startTestBroker({ config: brokerConfig() });
      ws = createWorkspace({ providerBaseUrl: orders.url });
      const setup = await shell(
        [
          'rollgate create-environment --name production --production',
          // The provider's own pipeline: its version, deployed.
          `pact-broker create-or-update-version --pacticipant orders --version ${P1} --branch main`,
          `rollgate record-deployment --pacticipant orders --version ${P1} --environment production`,
        ].join('\n'),
        { cwd: ws.dir, path: ws.path, env: settings() },
      );
      assert.equal(setup.code, 0, setup.out + setup.err);
    });
    after(async () => {
      await b?.destroy();
      await orders?.close();
      ws?.remove();
    });

    it('has the jobs the recipe describes', () => {
      assert.deepEqual(Object.keys(gitlabJobs(file)), ['test', 'can-i-deploy', 'deploy', 'rollback']);
    });

    it('a feature branch pipeline publishes its pacts and goes no further', async () => {
      const pipeline = { sha: G1, branch: 'feat/cart' };
      const test = await runGitlabJob(file, 'test', pipeline, settings(), ws);
      assert.equal(test.code, 0, test.out + test.err);
      const version = await brokerGet(b, `/pacticipants/web/versions/${G1}`);
      assert.equal(version._embedded.branchVersions[0].name, 'feat/cart');
      assert.equal(version.buildUrl, 'https://gitlab.example.com/acme/web/-/jobs/test');
      for (const job of ['can-i-deploy', 'deploy', 'rollback'])
        assert.equal((await runGitlabJob(file, job, pipeline, settings(), ws)).ran, false, job);
    });

    it('the provider verifies the pacts of the main branch; then main pipelines gate, deploy and record', async () => {
      for (const commit of [G2, G3]) {
        const pipeline = { sha: commit, branch: 'main' };
        const test = await runGitlabJob(file, 'test', pipeline, settings(), ws);
        assert.equal(test.code, 0, test.out + test.err);
        if (commit === G2) {
          const verified = await shell(`PROVIDER_VERSION=${P1} PROVIDER_BRANCH=main npm run test:pact`, {
            cwd: ws.dir,
            path: ws.path,
            env: settings(),
          });
          assert.equal(verified.code, 0, verified.out + verified.err);
        }
        const gate = await runGitlabJob(file, 'can-i-deploy', pipeline, settings(), ws);
        assert.equal(gate.code, 0, gate.out + gate.err);
        assert.match(gate.out, /Computer says yes/);
        const deploy = await runGitlabJob(file, 'deploy', pipeline, settings(), ws);
        assert.equal(deploy.code, 0, deploy.out + deploy.err);
        assert.ok(ws.calls().includes(`deploy production ${commit}`));
      }
      assert.equal(await deployedVersion(b, 'web'), G3);
    });

    it('the rollback job is manual; played, it asks can-i-rollback, redeploys the prior version and records it', async () => {
      const pipeline = { sha: G3, branch: 'main' };
      const unplayed = await runGitlabJob(file, 'rollback', pipeline, settings(), ws);
      assert.deepEqual([unplayed.ran, unplayed.manual], [false, true]);
      const played = await runGitlabJob(file, 'rollback', pipeline, settings(), ws, { playManual: true });
      assert.equal(played.code, 0, played.out + played.err);
      assert.match(played.out, /web/);
      assert.ok(ws.calls().includes(`deploy production ${G2}`));
      assert.equal(await deployedVersion(b, 'web'), G2);
    });
  });

  it('every recipe file is one the tests above run', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(EXAMPLES, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(EXAMPLES.length + 1))
      .sort();
    assert.deepEqual(files, [
      'README.md',
      'argo-rollouts/analysis-template.yaml',
      'github-actions/consumer.yml',
      'github-actions/create-webhook.sh',
      'github-actions/provider.yml',
      'github-actions/rollback.yml',
      'gitlab/.gitlab-ci.yml',
      'kubernetes/record-deployment-job.yaml',
      'pact-js/verify-provider.mjs',
    ]);
  });
});
