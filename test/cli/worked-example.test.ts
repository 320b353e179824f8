import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../cli/src/scenario/load.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

const scenario = fileURLToPath(new URL('../../fixtures/scenarios/shop-rollback.json', import.meta.url));

/** The README's worked example: rolling back payments needs checkout and web, web first. */
describe('README worked example: the shop rollback', () => {
  let b: TestBroker;
  before(async () => {
    b = await startTestBroker();
    await loadScenario(b.url, scenario);
  });
  after(async () => b.destroy());

  it('says rolling back payments alone is not safe, names the smallest safe set and the plan in order', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'payments', '-b', b.url]);
    assert.equal(r.code, 1);
    assert.match(r.out, /NOT SAFE to roll back payments in production/);
    assert.match(r.out, /checkout 2\.0\.0 -> payments 1\.0\.0: incompatible \(evidence: verification\)/);
    assert.match(r.out, /Smallest safe set: checkout, payments, web/);
    const steps = [...r.out.matchAll(/^\s+\d\. (\w+) 2\.0\.0 -> 1\.0\.0$/gm)].map((m) => m[1]);
    assert.deepEqual(steps, ['web', 'checkout', 'payments']);
    assert.match(r.out, /rollgate record-deployment --pacticipant web --version 1\.0\.0 --environment production/);
    // payments 2.0.0's migration is reverted, by its recorded down step, before payments 1.0.0 is redeployed.
    const down = r.out.indexOf('npm run migrate:down -- 0007_add_ledger');
    const redeploy = r.out.indexOf('rollgate record-deployment --pacticipant payments --version 1.0.0');
    assert.ok(down > r.out.indexOf('3. payments 2.0.0 -> 1.0.0') && down < redeploy, r.out);
  });

  it('says rolling back all three together is safe (exit 0)', async () => {
    const r = await run([
      'can-i-rollback',
      '--environment',
      'production',
      '--pacticipant',
      'payments',
      '--pacticipant',
      'checkout',
      '--pacticipant',
      'web',
      '-b',
      b.url,
    ]);
    assert.equal(r.code, 0, r.out + r.err);
  });

  it('says why a service has nothing to roll back to', async () => {
    const never = await run([
      'can-i-rollback',
      '--environment',
      'production',
      '--pacticipant',
      'payments',
      '--version',
      '9.9.9',
      '-b',
      b.url,
    ]);
    assert.equal(never.code, 1);
    assert.match(never.out, /payments 9\.9\.9 was never deployed to production/);
    const tooFar = await run([
      'can-i-rollback',
      '--environment',
      'production',
      '--pacticipant',
      'payments',
      '--steps',
      '3',
      '-b',
      b.url,
    ]);
    assert.equal(tooFar.code, 1);
    assert.match(tooFar.out, /payments has fewer than 3 versions deployed before 2\.0\.0/);
  });

  it('prints the any-subset table with each service verdict', async () => {
    const r = await run(['can-i-rollback', '--environment', 'production', '-b', b.url]);
    assert.equal(r.code, 1);
    assert.match(r.out, /payments\s+2\.0\.0\s+1\.0\.0\s+needs-companions\s+checkout, web/);
    assert.match(r.out, /web\s+2\.0\.0\s+1\.0\.0\s+independent/);
    assert.match(r.out, /rolling back payments needs checkout rolled back too/);
  });
});
