/**
 * can-i-rollback and data migrations (issue 21): which migrations a rollback crosses, an irreversible one as a
 * "cannot" clause, reversible ones as down steps in the plan. History is newest first: ['3', '2', '1'] means 1, 2
 * then 3 were deployed.
 */
import assert from 'node:assert/strict';
import {
  canIRollbackAny,
  canIRollbackSet,
  renderReason,
  versionsCrossedBy,
} from '../../broker/src/gate/rollback/index.ts';
import { WorldBuilder } from './rollback-world.ts';

// web calls orders; every pair is compatible, so only migrations can stand in the way.
const base = () =>
  new WorldBuilder()
    .deployed('web', '2', '1')
    .deployed('orders', '3', '2', '1')
    .deployed('stock', '8', '7')
    .pact('web', ['1', '2'], 'orders')
    .allOk('web', ['1', '2'], 'orders', ['1', '2', '3']);

describe('can-i-rollback with data migrations', () => {
  it('an irreversible migration blocks exactly its pacticipant, and the any-subset table says so', () => {
    const world = base().migration('orders', '3', 'drop-legacy-column', null).build();
    const table = canIRollbackAny(world);
    const verdicts = Object.fromEntries(table.pacticipants.map((p) => [p.name, p.verdict]));
    assert.deepEqual(verdicts, { orders: 'blocked', stock: 'independent', web: 'independent' });
    const orders = table.pacticipants.find((p) => p.name === 'orders')!;
    assert.deepEqual(orders.reasons, [
      {
        id: 'irreversible-migration',
        pacticipant: 'orders',
        applicationInstance: null,
        version: '3',
        migration: 'drop-legacy-column',
      },
    ]);
    assert.equal(
      renderReason(orders.reasons[0]),
      'orders cannot roll back past 3: its migration drop-legacy-column is irreversible',
    );
    assert.equal(table.summary.everySubsetSafe, false);

    const set = canIRollbackSet(world, { targets: [{ pacticipant: 'orders' }] });
    assert.equal(set.summary.rollbackable, false);
    assert.equal(set.minimalSafeSet, null);
    assert.deepEqual(set.plan, []);
    assert.match(set.summary.reason, /orders would cross an irreversible migration/);
  });

  it('puts reversible down steps into the plan, newest first, before the redeploy', () => {
    const world = base()
      .migration('orders', '2', 'add-index', 'migrate down add-index')
      .migration('orders', '3', 'split-name', 'migrate down split-name')
      .migration('orders', '3', 'add-email', 'migrate down add-email')
      .build();
    const a = canIRollbackSet(world, { targets: [{ pacticipant: 'orders' }] });
    assert.equal(a.summary.rollbackable, true);
    // One step back crosses 3's migrations only, the later-recorded one first.
    assert.deepEqual(a.plan, [
      {
        step: 1,
        pacticipants: [
          {
            name: 'orders',
            from: '3',
            to: '2',
            migrations: [
              { migration: 'add-email', version: '3', down: 'migrate down add-email' },
              { migration: 'split-name', version: '3', down: 'migrate down split-name' },
            ],
          },
        ],
      },
    ]);
  });

  it('--steps 2 and --version cross the migrations of every version they skip', () => {
    const world = base()
      .migration('orders', '2', 'add-index', 'migrate down add-index')
      .migration('orders', '3', 'split-name', 'migrate down split-name')
      .build();
    const bySteps = canIRollbackSet(world, { targets: [{ pacticipant: 'orders' }], steps: 2 });
    const byVersion = canIRollbackSet(world, { targets: [{ pacticipant: 'orders', version: '1' }] });
    const downs = (a: typeof bySteps) => a.plan.flatMap((s) => s.pacticipants.flatMap((p) => p.migrations ?? []));
    assert.deepEqual(
      downs(bySteps).map((d) => `${d.version}:${d.migration}`),
      ['3:split-name', '2:add-index'],
    );
    assert.deepEqual(downs(byVersion), downs(bySteps));

    const blocked = base().migration('orders', '2', 'drop-table', null).build();
    assert.equal(
      canIRollbackSet(blocked, { targets: [{ pacticipant: 'orders' }] }).summary.rollbackable,
      true,
      'one step back does not cross 2',
    );
    assert.equal(
      canIRollbackSet(blocked, { targets: [{ pacticipant: 'orders' }], steps: 2 }).summary.rollbackable,
      false,
      'two steps back cross 2',
    );
  });

  it('a version never deployed to the environment contributes no migration', () => {
    // 9 introduced an irreversible migration but never ran here; 2.5 ran before the target came back.
    const world = new WorldBuilder()
      .deployed('orders', '3', '1', '2.5', '1')
      .migration('orders', '9', 'never-here', null)
      .migration('orders', '2.5', 'already-crossed', null)
      .build();
    const a = canIRollbackSet(world, { targets: [{ pacticipant: 'orders' }] });
    assert.equal(a.summary.rollbackable, true);
    assert.deepEqual(versionsCrossedBy(world, { targets: [{ pacticipant: 'orders' }] }), [
      { pacticipant: 'orders', version: '3' },
    ]);
  });

  it('a companion that crosses an irreversible migration blocks the services that need it', () => {
    // web 2 -> orders 2 is broken, so rolling orders back to 2 needs web back at 1; web cannot.
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '3', '2')
      .pact('web', ['1', '2'], 'orders')
      .allOk('web', ['1', '2'], 'orders', ['3'])
      .ok('web', '1', 'orders', '2')
      .bad('web', '2', 'orders', '2')
      .migration('web', '2', 'rename-session-key', null)
      .build();
    const table = canIRollbackAny(world);
    const verdicts = Object.fromEntries(table.pacticipants.map((p) => [p.name, p.verdict]));
    assert.deepEqual(verdicts, { orders: 'blocked', web: 'blocked' });
    const orders = table.pacticipants.find((p) => p.name === 'orders')!;
    assert.ok(orders.reasons.some((r) => r.id === 'irreversible-migration' && r.pacticipant === 'web'));
  });
});

describe('can-i-rollback with declared requirements', () => {
  const declared = (
    consumer: string,
    cv: string,
    provider: string,
    pv: string,
    verdict: 'compatible' | 'incompatible',
  ) => ({
    consumer,
    consumerVersion: cv,
    provider,
    providerVersion: pv,
    verdict,
    evidence: 'declared' as const,
    reasons: [{ id: 'declared-requirement' }],
  });

  it('never turns an unknown pact pair into a compatible one', () => {
    // web 1 has a pact with orders that nobody verified against orders 5; web 1 declares orders 5 is fine.
    const world = {
      ...new WorldBuilder()
        .deployed('web', '2', '1')
        .deployed('orders', '5')
        .pact('web', ['1', '2'], 'orders')
        .ok('web', '2', 'orders', '5')
        .build(),
      declared: [declared('web', '1', 'orders', '5', 'compatible')],
    };
    const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
    assert.equal(a.summary.rollbackable, false);
    assert.deepEqual(
      a.pairs.map((p) => [p.consumer.version, p.verdict, p.evidence]),
      [['1', 'unknown', 'none']],
    );
  });

  it('a declaration alone, where no pact exists, decides its pair', () => {
    const world = {
      ...new WorldBuilder().deployed('web', '2', '1').deployed('orders', '5').build(),
      declared: [declared('web', '1', 'orders', '5', 'incompatible')],
    };
    const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
    assert.equal(a.summary.rollbackable, false);
    assert.deepEqual(
      a.pairs.map((p) => [p.consumer.version, p.verdict, p.evidence]),
      [['1', 'incompatible', 'declared']],
    );
  });
});
