/**
 * `rollgate record-migration` and the plan it changes (issue 21): an irreversible migration makes can-i-rollback
 * say no for its pacticipant; a reversible one puts its down command into the plan, before the redeploy.
 */
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

describe('rollgate record-migration', function () {
  this.timeout(60_000);
  let b: TestBroker;
  let env: Record<string, string>;

  beforeEach(async () => {
    b = await startTestBroker({ config: { precompute: false } });
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    await b.td
      .environment('production')
      .deploy({ pacticipant: 'payments', version: '1.9.0', environment: 'production' })
      .deploy({ pacticipant: 'payments', version: '2.0.0', environment: 'production' });
  });
  afterEach(async () => b.destroy());

  const rollback = () => run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'payments'], env);

  it('a reversible migration: its down command is printed in the plan before the redeploy (exit 0)', async () => {
    const rec = await run(
      [
        'record-migration',
        '-a',
        'payments',
        '-e',
        '2.0.0',
        '--id',
        '0042_add_ledger',
        '--down',
        'npm run migrate:down -- 0042',
      ],
      env,
    );
    assert.equal(rec.code, 0, rec.err);
    assert.match(
      rec.out,
      /Recorded migration 0042_add_ledger of payments version 2.0.0 \(reversible by: npm run migrate:down -- 0042\)/,
    );
    const r = await rollback();
    assert.equal(r.code, 0, `${r.out}${r.err}`);
    const lines = r.out.split('\n');
    const down = lines.findIndex((l) => l.includes('npm run migrate:down -- 0042'));
    const redeploy = lines.findIndex((l) => l.includes('rollgate record-deployment') && l.includes('1.9.0'));
    assert.ok(down >= 0 && redeploy > down, r.out);
  });

  it('an irreversible migration: can-i-rollback says why and exits 1', async () => {
    const rec = await run(
      ['record-migration', '-a', 'payments', '-e', '2.0.0', '--id', '0042_drop', '--irreversible'],
      env,
    );
    assert.equal(rec.code, 0, rec.err);
    const r = await rollback();
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /payments cannot roll back past 2\.0\.0: its migration 0042_drop is irreversible/);
  });

  it('refuses to guess: neither --irreversible nor --down is a usage error (exit 2), both too', async () => {
    let r = await run(['record-migration', '-a', 'payments', '-e', '2.0.0', '--id', 'x'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--irreversible or --down/);
    r = await run(
      ['record-migration', '-a', 'payments', '-e', '2.0.0', '--id', 'x', '--irreversible', '--down', 'y'],
      env,
    );
    assert.equal(r.code, 2);
    assert.equal((await b.api.get('/pacticipants/payments/versions/2.0.0/migrations/x')).status, 404);
  });

  it('a changed declaration is the broker refusing (exit 4) with its reason', async () => {
    await run(['record-migration', '-a', 'payments', '-e', '2.0.0', '--id', 'm', '--irreversible'], env);
    const r = await run(['record-migration', '-a', 'payments', '-e', '2.0.0', '--id', 'm', '--down', 'undo'], env);
    assert.equal(r.code, 4, r.out);
    assert.match(r.err, /cannot become reversible/);
  });
});

describe('rollgate record-requirement', function () {
  this.timeout(60_000);
  let b: TestBroker;
  let env: Record<string, string>;
  beforeEach(async () => {
    b = await startTestBroker({ config: { precompute: false } });
    env = { ROLLGATE_BROKER_BASE_URL: b.url };
    await b.td
      .environment('production')
      .deploy({ pacticipant: 'ledger', version: '1.0.0', environment: 'production' })
      .deploy({ pacticipant: 'ledger', version: '2.0.0', environment: 'production' })
      .deploy({ pacticipant: 'billing', version: '3.1.0', environment: 'production' });
  });
  afterEach(async () => b.destroy());

  it('records the requirement, and can-i-rollback then names the declared pair (exit 1)', async () => {
    const rec = await run(
      ['record-requirement', '-a', 'billing', '-e', '3.1.0', '--requires', 'ledger', '--at-least', '2.0.0'],
      env,
    );
    assert.equal(rec.code, 0, rec.err);
    assert.match(rec.out, /Recorded: billing 3\.1\.0 requires ledger at least 2\.0\.0/);
    const r = await run(['can-i-rollback', '--environment', 'production', '--pacticipant', 'ledger'], env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /billing 3\.1\.0 -> ledger 1\.0\.0: incompatible \(evidence: declared\)/);
    assert.match(r.out, /declares it requires ledger at least 2\.0\.0: 1\.0\.0 is not/);
  });

  it('needs --at-least or --range (exit 2)', async () => {
    const r = await run(['record-requirement', '-a', 'billing', '-e', '3.1.0', '--requires', 'ledger'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--at-least VERSION or --range RANGE/);
  });
});
