/**
 * `--steps` goes back N versions for the services asked about only; the services they need come back by their own
 * prior versions (issue 18: `--steps 2` answered "no set can roll back safely" where `--version` gave a plan).
 */
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

describe('can-i-rollback --steps: the targets go N back, their companions to their own prior versions', () => {
  let b: TestBroker;
  let env: Record<string, string>;

  before(async () => {
    b = await startTestBroker();
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    // web went 1 -> 2 -> 3 and orders 1 -> 2. web 1 works only with orders 1; web 2 and 3 with orders 2.
    await b.td.environment('production');
    for (const v of ['1', '2', '3'])
      await b.td.publishPact({
        consumer: 'web',
        version: v,
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: `/orders/v${v === '1' ? '1' : '2'}` }),
      });
    await b.td
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '1', success: true })
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: false })
      .verify({ consumer: 'web', version: '2', provider: 'orders', providerVersion: '2', success: true })
      .deploy({ pacticipant: 'orders', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
      .deploy({ pacticipant: 'orders', version: '2', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '2', environment: 'production' })
      .deploy({ pacticipant: 'web', version: '3', environment: 'production' });
  });
  after(() => b.destroy());

  it('answers --steps 2 as --version does: web 3 -> 1 needs orders back to its prior version, 2 -> 1', async () => {
    const bySteps = await b.api.get('/can-i-rollback?environment=production&pacticipant=web&steps=2');
    const byVersion = await b.api.get('/can-i-rollback?environment=production&q[][pacticipant]=web&q[][version]=1');
    assert.equal(bySteps.status, 200, bySteps.text);
    assert.deepEqual(bySteps.body.minimalSafeSet, ['orders', 'web']);
    // One step: web 3 -> 1 needs orders 1, and orders 2 -> 1 leaves web 3 without evidence, so they go together.
    assert.deepEqual(
      bySteps.body.plan.flatMap((s: { pacticipants: { name: string; from: string; to: string }[] }) => s.pacticipants),
      [
        { name: 'orders', from: '2', to: '1' },
        { name: 'web', from: '3', to: '1' },
      ],
    );
    for (const field of ['summary', 'targets', 'pairs', 'minimalSafeSet', 'plan'])
      assert.deepEqual(bySteps.body[field], byVersion.body[field], field);
  });

  it('prints the targets and the companions apart, the companion with its own prior version', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'web', '--steps', '2'], env);
    assert.equal(r.code, 1, r.err);
    const rollingBack = r.out.slice(r.out.indexOf('Rolling back:'), r.out.indexOf('With them'));
    assert.match(rollingBack, /web\s+3\s+1/);
    assert.doesNotMatch(rollingBack, /orders/);
    assert.match(
      r.out,
      /With them \(the services they need, each to its own prior version\):\n\s+SERVICE\s+FROM\s+TO\n\s+orders\s+2\s+1/,
    );
    assert.match(r.out, /Smallest safe set: orders, web/);
    assert.match(r.out, /rollgate record-deployment --pacticipant orders --version 1 --environment production/);
  });

  it('with both asked, --steps 2 sends both two back: orders has no second version, and the text says so under Rolling back', async () => {
    const r = await run(
      [
        'can-i-rollback',
        '--environment',
        'production',
        '--pacticipant',
        'web',
        '--pacticipant',
        'orders',
        '--steps',
        '2',
      ],
      env,
    );
    assert.equal(r.code, 1);
    const rollingBack = r.out.slice(r.out.indexOf('Rolling back:'));
    assert.match(rollingBack, /orders has fewer than 2 versions deployed before 2/);
    assert.doesNotMatch(r.out, /With them/);
  });

  it('refuses --steps without a service to apply it to (the any-subset answer): exit 2, and a 400 from the broker', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production', '--steps', '2'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--steps says how many versions the --pacticipant services go back/);
    const res = await b.api.get('/can-i-rollback?environment=production&steps=2');
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /name at least one with pacticipant=/);
    assert.equal((await b.api.get('/can-i-rollback?environment=production&steps=1')).status, 200);
  });
});
