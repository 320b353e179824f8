/**
 * can-i-rollback, feature by feature (issue 6). Versions: consumers are web/app, providers orders/stock...;
 * history is newest first, so ['2', '1'] means 1 was deployed, then 2.
 */
import assert from 'node:assert/strict';
import {
  canIRollbackAny,
  canIRollbackSet,
  renderReason,
  renderWarning,
  requiredPairs,
  versionsInPlay,
  type RollbackSetAnswer,
} from '../../broker/src/gate/rollback/index.ts';
import { WorldBuilder } from './rollback-world.ts';

const names = (a: RollbackSetAnswer) => a.plan.map((s) => s.pacticipants.map((p) => p.name));
const ids = (a: { reasons: Array<{ id: string }> }) => a.reasons.map((r) => r.id);
const pairOf = (p: { consumer: { name: string; version: string }; provider: { name: string; version: string } }) =>
  `${p.consumer.name}@${p.consumer.version}->${p.provider.name}@${p.provider.version}`;

describe('can-i-rollback', () => {
  describe('an independent rollback', () => {
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .pact('web', ['1', '2'], 'orders')
      .allOk('web', ['1', '2'], 'orders', ['5'])
      .ok('web', '2', 'orders', '4')
      .bad('web', '1', 'orders', '4')
      .build();

    it('rolls back alone, creating only pairs that are compatible', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(a.summary, { ...a.summary, compatible: 1, incompatible: 0, unknown: 0 });
      assert.equal(a.environment, 'production');
      assert.deepEqual(a.targets, [{ pacticipant: 'web', from: '2', to: '1' }]);
      assert.deepEqual(a.pairs.map(pairOf), ['web@1->orders@5']);
      assert.equal(a.pairs[0].evidence, 'verification');
      assert.deepEqual(a.minimalSafeSet, ['web']);
      assert.deepEqual(a.plan, [{ step: 1, pacticipants: [{ name: 'web', from: '2', to: '1' }] }]);
      assert.deepEqual(a.warnings, []);
      assert.match(a.summary.reason, /Rolling back web is safe/);
    });

    it('is "independent" in the any-subset table', () => {
      const a = canIRollbackAny(world);
      const web = a.pacticipants.find((p) => p.name === 'web')!;
      assert.deepEqual(web, {
        name: 'web',
        current: '2',
        prior: '1',
        verdict: 'independent',
        requires: [],
        conflictsWith: ['orders'],
        reasons: [],
      });
      // orders 4 with web 1 breaks, so web and orders cannot both roll back; each alone can.
      assert.equal(a.summary.everySubsetSafe, false);
      assert.equal(a.summary.reason, 'orders and web cannot both roll back');
    });
  });

  describe('a lockstep pair', () => {
    // web 1 only works with orders 4, and orders 4 only with web 1.
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .pact('web', ['1', '2'], 'orders')
      .ok('web', '2', 'orders', '5')
      .bad('web', '1', 'orders', '5')
      .bad('web', '2', 'orders', '4')
      .ok('web', '1', 'orders', '4')
      .build();

    it('needs both, reverted in one step', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.equal(a.summary.incompatible, 1);
      assert.deepEqual(a.minimalSafeSet, ['orders', 'web']);
      assert.deepEqual(names(a), [['orders', 'web']]);
      assert.ok(ids(a).includes('needs'));
      assert.match(a.summary.reason, /smallest safe rollback also needs orders/);
      const both = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }, { pacticipant: 'orders' }] });
      assert.equal(both.summary.rollbackable, true);
      assert.deepEqual(both.pairs.map(pairOf), ['web@1->orders@4']);
    });

    it('reports each as needing the other', () => {
      const a = canIRollbackAny(world);
      assert.deepEqual(
        a.pacticipants.map((p) => [p.name, p.verdict, p.requires]),
        [
          ['orders', 'needs-companions', ['web']],
          ['web', 'needs-companions', ['orders']],
        ],
      );
      assert.equal(a.summary.everySubsetSafe, false);
    });
  });

  describe('a chain', () => {
    // ui 1 needs bff 1, bff 1 needs orders 4: the plan reverts orders, then bff, then ui.
    const world = new WorldBuilder()
      .deployed('ui', '2', '1')
      .deployed('bff', '8', '7')
      .deployed('orders', '5', '4')
      .pact('ui', ['1', '2'], 'bff')
      .pact('bff', ['7', '8'], 'orders')
      .allOk('ui', ['2'], 'bff', ['7', '8'])
      .ok('ui', '1', 'bff', '7')
      .bad('ui', '1', 'bff', '8')
      .allOk('bff', ['8'], 'orders', ['4', '5'])
      .ok('bff', '7', 'orders', '4')
      .bad('bff', '7', 'orders', '5')
      .build();

    it('plans dependencies first', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'ui' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.deepEqual(a.minimalSafeSet, ['bff', 'orders', 'ui']);
      assert.deepEqual(names(a), [['orders'], ['bff'], ['ui']]);
      assert.deepEqual(a.plan[0], { step: 1, pacticipants: [{ name: 'orders', from: '5', to: '4' }] });
    });

    it('lists the whole set each one requires', () => {
      const a = canIRollbackAny(world);
      const byName = Object.fromEntries(a.pacticipants.map((p) => [p.name, p]));
      assert.deepEqual(byName.ui.requires, ['bff', 'orders']);
      assert.deepEqual(byName.bff.requires, ['orders']);
      assert.equal(byName.orders.verdict, 'independent');
    });
  });

  describe('a long chain of "needs"', () => {
    // s00 -> s01 -> ... -> s39: each prior consumer works only with its provider's prior version.
    const n = 40;
    const name = (i: number) => `s${String(i).padStart(2, '0')}`;
    let builder = new WorldBuilder();
    for (let i = 0; i < n; i++) builder = builder.deployed(name(i), '2', '1');
    for (let i = 0; i + 1 < n; i++) {
      builder = builder
        .pact(name(i), ['1', '2'], name(i + 1))
        .allOk(name(i), ['2'], name(i + 1), ['1', '2'])
        .ok(name(i), '1', name(i + 1), '1')
        .bad(name(i), '1', name(i + 1), '2');
    }
    const world = builder.build();

    it('lists the whole set each one requires, and at most 25 reasons each, the last saying how many more there are', () => {
      const a = canIRollbackAny(world);
      const first = a.pacticipants.find((p) => p.name === name(0))!;
      assert.deepEqual(
        first.requires,
        Array.from({ length: n - 1 }, (_, i) => name(i + 1)),
      );
      assert.equal(first.reasons.length, 25);
      assert.deepEqual(
        first.reasons.slice(0, 24).map((r) => r.id),
        Array(24).fill('needs'),
      );
      assert.deepEqual(first.reasons[24], { id: 'more-reasons', pacticipant: name(0), more: n - 1 - 24 });
      assert.equal(
        renderReason(first.reasons[24]),
        `and 15 more reasons: ask can-i-rollback about ${name(0)} alone to see them all`,
      );
      const late = a.pacticipants.find((p) => p.name === name(n - 5))!;
      assert.deepEqual(
        late.reasons.map((r) => r.id),
        ['needs', 'needs', 'needs', 'needs'],
      );
      // The set answer for one of them still gives every reason.
      assert.equal(canIRollbackSet(world, { targets: [{ pacticipant: name(0) }] }).minimalSafeSet?.length, n);
    });
  });

  describe('a ring of "needs" (issue 19)', () => {
    // s00 -> s01 -> ... -> s39 -> s00: one strongly connected component, so every member has the same closure.
    const n = 40;
    const name = (i: number) => `s${String(i).padStart(2, '0')}`;
    let builder = new WorldBuilder();
    for (let i = 0; i < n; i++) builder = builder.deployed(name(i), '2', '1');
    for (let i = 0; i < n; i++) {
      const next = name((i + 1) % n);
      builder = builder
        .pact(name(i), ['1', '2'], next)
        .allOk(name(i), ['2'], next, ['1', '2'])
        .ok(name(i), '1', next, '1')
        .bad(name(i), '1', next, '2');
    }
    const world = builder.build();

    it("lists first each member's own reasons, not the first member's", () => {
      const a = canIRollbackAny(world);
      for (const p of a.pacticipants) {
        assert.equal(p.requires.length, n - 1, p.name);
        assert.equal(p.reasons.length, 25, p.name);
        // Its own "needs" (it needs the next one) and the one on it (the one before needs it) come first.
        const own = p.reasons.slice(0, 2) as Array<{ pacticipant: string; needs: string }>;
        for (const r of own)
          assert.ok(r.pacticipant === p.name || r.needs === p.name, `${p.name}: ${JSON.stringify(r)}`);
        assert.deepEqual(p.reasons[24], { id: 'more-reasons', pacticipant: p.name, more: n - 24 });
      }
      const firsts = new Set(a.pacticipants.map((p) => JSON.stringify(p.reasons[0])));
      // Neighbours may share one (s01 needs s02 is about both), but the list no longer starts the same for all.
      assert.ok(firsts.size > n / 2, `${firsts.size} different first reasons`);
    });
  });

  describe('a conflict', () => {
    // web 1 works with orders 5 but not 4; web 2 works with both: web or orders may roll back, not both.
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .pact('web', ['1', '2'], 'orders')
      .allOk('web', ['2'], 'orders', ['4', '5'])
      .ok('web', '1', 'orders', '5')
      .bad('web', '1', 'orders', '4')
      .build();

    it('has no safe set containing both', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }, { pacticipant: 'orders' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.equal(a.minimalSafeSet, null);
      assert.deepEqual(a.plan, []);
      assert.ok(ids(a).includes('conflict'));
      assert.match(a.summary.reason, /no safe rollback contains it/);
    });

    it('lists the conflict both ways', () => {
      const a = canIRollbackAny(world);
      assert.deepEqual(
        a.pacticipants.map((p) => [p.name, p.verdict, p.conflictsWith]),
        [
          ['orders', 'independent', ['web']],
          ['web', 'independent', ['orders']],
        ],
      );
    });

    it('blocks a service that needs what it conflicts with', () => {
      // web 1 breaks with orders 5 and with orders 4: web cannot roll back at all.
      const w = new WorldBuilder()
        .deployed('web', '2', '1')
        .deployed('orders', '5', '4')
        .pact('web', ['1', '2'], 'orders')
        .allOk('web', ['2'], 'orders', ['4', '5'])
        .bad('web', '1', 'orders', '5')
        .bad('web', '1', 'orders', '4')
        .build();
      const a = canIRollbackAny(w);
      const web = a.pacticipants.find((p) => p.name === 'web')!;
      assert.equal(web.verdict, 'blocked');
      assert.ok(web.reasons.some((r) => r.id === 'cannot'));
      assert.equal(canIRollbackSet(w, { targets: [{ pacticipant: 'web' }] }).minimalSafeSet, null);
    });
  });

  describe('unknown evidence', () => {
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .pact('web', ['1', '2'], 'orders')
      .ok('web', '2', 'orders', '5')
      .build();

    it('is never compatible', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.equal(a.summary.unknown, 1);
      assert.deepEqual(a.pairs, [
        {
          consumer: { name: 'web', version: '1' },
          provider: { name: 'orders', version: '5' },
          verdict: 'unknown',
          evidence: 'none',
          reasons: [],
        },
      ]);
      // Rolling orders back too creates web 1 -> orders 4, unknown as well: no safe set.
      assert.equal(a.minimalSafeSet, null);
      assert.equal(a.pairs[0].verificationRequestedAt, undefined);
    });

    it('an explicit "unknown" row counts like a missing one', () => {
      const w = new WorldBuilder()
        .deployed('web', '2', '1')
        .deployed('orders', '5', '4')
        .pact('web', ['1', '2'], 'orders')
        .ok('web', '2', 'orders', '5')
        .verdict('unknown', 'web', '1', 'orders', '5')
        .build();
      assert.equal(canIRollbackSet(w, { targets: [{ pacticipant: 'web' }] }).summary.unknown, 1);
    });
  });

  describe('no prior version', () => {
    const world = new WorldBuilder().deployed('web', '1').deployed('orders', '5', '4').build();

    it('makes the set unsafe, with the reason', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.equal(a.minimalSafeSet, null);
      assert.deepEqual(a.targets, [{ pacticipant: 'web', from: '1', to: null }]);
      assert.ok(ids(a).includes('no-prior'));
      assert.match(a.summary.reason, /web cannot roll back to the requested version/);
    });

    it('is "no-prior" in the table, and the summary covers only those with a prior', () => {
      const a = canIRollbackAny(world);
      assert.deepEqual(
        a.pacticipants.find((p) => p.name === 'web'),
        {
          name: 'web',
          current: '1',
          prior: null,
          verdict: 'no-prior',
          requires: [],
          conflictsWith: [],
          reasons: [{ id: 'no-prior', pacticipant: 'web', applicationInstance: null, current: '1', steps: 1 }],
        },
      );
      assert.equal(a.summary.everySubsetSafe, true);
    });

    it('a pacticipant not deployed in the environment is a "no" that says which', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'billing' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.deepEqual(a.reasons[1], { id: 'not-deployed', pacticipant: 'billing', environment: 'production' });
    });
  });

  describe('a redeployed version', () => {
    // Deployed 1, 2, 1, 3: history newest first is 3, 1, 2, 1.
    const world = new WorldBuilder().deployed('web', '3', '1', '2', '1').build();

    it('rolls back to the most recent version different from the current one', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.deepEqual(a.targets, [{ pacticipant: 'web', from: '3', to: '1' }]);
    });

    it('steps=N goes N distinct deployed versions back', () => {
      assert.deepEqual(canIRollbackSet(world, { targets: [{ pacticipant: 'web' }], steps: 2 }).targets, [
        { pacticipant: 'web', from: '3', to: '2' },
      ]);
      const three = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }], steps: 3 });
      assert.equal(three.summary.rollbackable, false);
      assert.match(three.reasons.map((r) => r.id).join(), /no-prior/);
    });

    it('an explicit version must have been deployed there', () => {
      assert.deepEqual(canIRollbackSet(world, { targets: [{ pacticipant: 'web', version: '2' }] }).targets, [
        { pacticipant: 'web', from: '3', to: '2' },
      ]);
      const never = canIRollbackSet(world, { targets: [{ pacticipant: 'web', version: '9' }] });
      assert.equal(never.summary.rollbackable, false);
      assert.deepEqual(never.reasons[1], {
        id: 'version-never-deployed',
        pacticipant: 'web',
        version: '9',
        environment: 'production',
      });
    });
  });

  describe('a pair that exists only at the prior version', () => {
    // web 2 dropped its dependency on stock; web 1 still calls it.
    const build = (verdict: 'compatible' | 'incompatible') =>
      new WorldBuilder()
        .deployed('web', '2', '1')
        .deployed('stock', '9', '8')
        .pact('web', ['1'], 'stock')
        .verdict(verdict, 'web', '1', 'stock', '9')
        .ok('web', '1', 'stock', '8')
        .build();

    it('is checked when rolling back the consumer', () => {
      const a = canIRollbackSet(build('incompatible'), { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.deepEqual(a.pairs.map(pairOf), ['web@1->stock@9']);
      assert.deepEqual(a.minimalSafeSet, ['stock', 'web']);
      assert.equal(
        canIRollbackSet(build('compatible'), { targets: [{ pacticipant: 'web' }] }).summary.rollbackable,
        true,
      );
    });

    it('does not exist when only the provider rolls back: no pact, no dependency', () => {
      const a = canIRollbackSet(build('incompatible'), { targets: [{ pacticipant: 'stock' }] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(a.pairs, []);
    });
  });

  describe('a pre-existing break', () => {
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .deployed('app', '3', '2')
      .deployed('stock', '9', '8')
      .pact('web', ['1', '2'], 'orders')
      .allOk('web', ['1', '2'], 'orders', ['4', '5'])
      .pact('app', ['3'], 'stock')
      .bad('app', '3', 'stock', '9')
      .build();

    it('is a warning, not a failure', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(
        a.warnings.map((w) => [w.id, pairOf(w), w.verdict]),
        [['pre-existing-break', 'app@3->stock@9', 'incompatible']],
      );
      assert.deepEqual(a.warnings[0].reasons, [{ id: 'verification-failed', interaction: 'get order' }]);
      assert.equal(
        renderWarning(a.warnings[0]),
        'app 3 -> stock 9 is incompatible already (evidence: verification): not caused by this rollback, and not fixed by it',
      );
      assert.deepEqual(canIRollbackAny(world).warnings.map(pairOf), ['app@3->stock@9']);
    });

    it('goes away when the rollback replaces a version of the broken pair', () => {
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'app' }] });
      assert.deepEqual(a.warnings, []);
      assert.equal(a.summary.rollbackable, true); // app 2 has no pact with stock
    });
  });

  describe('multiple application instances', () => {
    // web runs on blue (3, before it 2) and green (2, before it 1): one unit, two targets.
    const web = {
      name: 'web',
      instances: [
        { applicationInstance: 'blue', current: '3', history: ['3', '2'] },
        { applicationInstance: 'green', current: '2', history: ['2', '1'] },
      ],
      released: [],
    };
    const build = (web1: 'compatible' | 'incompatible', web2: 'compatible' | 'incompatible') =>
      new WorldBuilder()
        .unit(web)
        .deployed('orders', '5', '4')
        .pact('web', ['1', '2', '3'], 'orders')
        .ok('web', '3', 'orders', '5')
        .verdict(web2, 'web', '2', 'orders', '5')
        .verdict(web1, 'web', '1', 'orders', '5')
        .allOk('web', ['1', '2', '3'], 'orders', ['4'])
        .build();

    it('moves every instance and lists one target per instance', () => {
      const a = canIRollbackSet(build('compatible', 'compatible'), { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(a.targets, [
        { pacticipant: 'web', applicationInstance: 'blue', from: '3', to: '2' },
        { pacticipant: 'web', applicationInstance: 'green', from: '2', to: '1' },
      ]);
      assert.deepEqual(a.plan[0].pacticipants, [
        { name: 'web', applicationInstance: 'blue', from: '3', to: '2' },
        { name: 'web', applicationInstance: 'green', from: '2', to: '1' },
      ]);
      assert.deepEqual(a.pairs.map(pairOf), ['web@1->orders@5', 'web@2->orders@5']);
    });

    it("checks every instance's version", () => {
      const a = canIRollbackSet(build('incompatible', 'compatible'), { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.deepEqual(a.minimalSafeSet, ['orders', 'web']);
    });

    it('a broken version that spreads to another instance is a failure', () => {
      // web 2 -> orders 5 is broken already (green); rolling back puts web 2 on blue as well.
      const a = canIRollbackSet(build('compatible', 'incompatible'), { targets: [{ pacticipant: 'web' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.equal(a.summary.incompatible, 1);
    });

    it('needs a prior version on every instance', () => {
      const w = new WorldBuilder()
        .unit({ ...web, instances: [web.instances[0], { applicationInstance: 'green', current: '2', history: ['2'] }] })
        .build();
      const table = canIRollbackAny(w);
      assert.equal(table.pacticipants[0].verdict, 'no-prior');
      assert.deepEqual(table.pacticipants[0].instances, [
        { applicationInstance: 'blue', current: '3', prior: '2' },
        { applicationInstance: 'green', current: '2', prior: null },
      ]);
      assert.equal(table.pacticipants[0].current, '3, 2');
    });
  });

  describe('released versions', () => {
    // The mobile app has released versions 1.0 and 2.0 (live, never rolled back) and no deployment.
    const build = (v1On4: 'compatible' | 'incompatible') =>
      new WorldBuilder()
        .unit({ name: 'mobile', instances: [], released: ['1.0', '2.0'] })
        .deployed('orders', '5', '4')
        .deployed('web', '2', '1')
        .pact('mobile', ['1.0', '2.0'], 'orders')
        .pact('web', ['1', '2'], 'orders')
        .allOk('mobile', ['1.0', '2.0'], 'orders', ['5'])
        .ok('mobile', '2.0', 'orders', '4')
        .verdict(v1On4, 'mobile', '1.0', 'orders', '4')
        .allOk('web', ['1', '2'], 'orders', ['4', '5'])
        .build();

    it('are checked like current versions', () => {
      const a = canIRollbackSet(build('incompatible'), { targets: [{ pacticipant: 'orders' }] });
      assert.equal(a.summary.rollbackable, false);
      assert.deepEqual(a.pairs.filter((p) => p.verdict !== 'compatible').map(pairOf), ['mobile@1.0->orders@4']);
      assert.equal(a.minimalSafeSet, null); // mobile never rolls back
      assert.ok(a.reasons.some((r) => r.id === 'not-deployed' && r.pacticipant === 'mobile'));
      assert.equal(
        canIRollbackSet(build('compatible'), { targets: [{ pacticipant: 'orders' }] }).summary.rollbackable,
        true,
      );
    });

    it('never roll back, and are not listed as candidates', () => {
      const a = canIRollbackAny(build('incompatible'));
      assert.deepEqual(
        a.pacticipants.map((p) => [p.name, p.verdict]),
        [
          ['orders', 'blocked'],
          ['web', 'independent'],
        ],
      );
      const released = canIRollbackSet(build('compatible'), { targets: [{ pacticipant: 'mobile' }] });
      assert.equal(released.summary.rollbackable, false);
    });

    it('a break between versions no rollback touches is a warning', () => {
      const w = new WorldBuilder()
        .unit({ name: 'mobile', instances: [], released: ['1.0'] })
        .unit({
          name: 'orders',
          instances: [{ applicationInstance: null, current: '5', history: ['5', '4'] }],
          released: ['3'],
        })
        .pact('mobile', ['1.0'], 'orders')
        .bad('mobile', '1.0', 'orders', '3')
        .allOk('mobile', ['1.0'], 'orders', ['4', '5'])
        .build();
      const a = canIRollbackSet(w, { targets: [{ pacticipant: 'orders' }] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(a.pairs.map(pairOf), ['mobile@1.0->orders@4']);
      assert.deepEqual(a.warnings.map(pairOf), ['mobile@1.0->orders@3']);
    });
  });

  describe('ignore', () => {
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .deployed('audit', '7', '6')
      .pact('web', ['1', '2'], 'orders', 'audit')
      .allOk('web', ['1', '2'], 'orders', ['4', '5'])
      .bad('web', '1', 'audit', '7')
      .build();

    it("leaves the ignored pacticipant's pairs out, reported as ignored", () => {
      assert.equal(canIRollbackSet(world, { targets: [{ pacticipant: 'web' }] }).summary.rollbackable, false);
      const a = canIRollbackSet(world, { targets: [{ pacticipant: 'web' }], ignore: ['audit'] });
      assert.equal(a.summary.rollbackable, true);
      assert.deepEqual(
        a.pairs.map((p) => [pairOf(p), p.verdict, p.ignored]),
        [
          ['web@1->audit@7', 'incompatible', true],
          ['web@1->orders@5', 'compatible', undefined],
        ],
      );
      assert.deepEqual(a.summary, { ...a.summary, compatible: 1, incompatible: 0, unknown: 0, ignored: 1 });
    });
  });

  describe('what the broker must fetch', () => {
    const world = new WorldBuilder()
      .deployed('web', '2', '1')
      .deployed('orders', '5', '4')
      .pact('web', ['1'], 'orders')
      .pact('web', ['2'], 'orders', 'unknown-provider')
      .build();

    it('lists the versions in play and exactly the pairs they create', () => {
      assert.deepEqual(versionsInPlay(world), [
        { pacticipant: 'web', version: '2' },
        { pacticipant: 'web', version: '1' },
        { pacticipant: 'orders', version: '5' },
        { pacticipant: 'orders', version: '4' },
      ]);
      const pairs = requiredPairs(world)
        .map((p) => `${p.consumer}@${p.consumerVersion}->${p.provider}@${p.providerVersion}`)
        .sort();
      assert.deepEqual(pairs, ['web@1->orders@4', 'web@1->orders@5', 'web@2->orders@4', 'web@2->orders@5']);
    });
  });
});
