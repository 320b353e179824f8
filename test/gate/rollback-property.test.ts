/**
 * can-i-rollback against brute force: random environments of up to 10 services, random integrations per
 * consumer version, random evidence, several instances and released versions, steps, explicit targets and
 * ignore. Every answer is compared with the oracle (rollback-brute.ts), which enumerates all subsets.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerAny, answerSet, buildModel } from '../../broker/src/gate/rollback/index.ts';
import type {
  DeployedUnit,
  EvidenceRow,
  PactRow,
  RollbackWorld,
  RollbackSetAnswer,
} from '../../broker/src/gate/rollback/types.ts';
import { oracle, popcount, type Oracle } from './rollback-brute.ts';

const POOL = ['1', '2', '3', '4'];
const SLOTS = 101;

// Mostly distinct histories (so most units have a prior), sometimes with redeployments (1, 2, 1, 3).
const arbInstanceHistory = fc.oneof(
  { weight: 4, arbitrary: fc.shuffledSubarray(POOL, { minLength: 2 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...POOL), { minLength: 2, maxLength: 5 }) },
);
const arbUnit = fc.record({
  histories: fc.oneof(
    { weight: 8, arbitrary: fc.array(arbInstanceHistory, { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(arbInstanceHistory, { minLength: 2, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.constant([] as string[][]) },
  ),
  released: fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.subarray(POOL, { maxLength: 2 }) },
  ),
});

const arbCase = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    units: fc.array(arbUnit, { minLength: n, maxLength: n }),
    pacts: fc.array(
      fc.record({
        c: fc.nat(n - 1),
        versions: fc.subarray(POOL, { minLength: 1 }),
        p: fc.nat(n - 1),
        // Evidence of the integration: random per pair, or versions that move together (consumer version i works
        // with provider versions i + lo .. i + hi), which makes chains and lockstep pairs common.
        window: fc.option(fc.record({ lo: fc.integer({ min: -2, max: 0 }), hi: fc.integer({ min: 0, max: 2 }) }), {
          freq: 2,
        }),
      }),
      { maxLength: 3 * n },
    ),
    // Issue 21: a few versions declare migrations, most reversible.
    migrations: fc.array(fc.record({ k: fc.nat(n - 1), version: fc.constantFrom(...POOL), reversible: fc.boolean() }), {
      maxLength: 2,
    }),
    // Issue 21: a few declared requirements, evaluated per (requiring version, required version).
    declared: fc.array(
      fc.record({
        c: fc.nat(n - 1),
        cv: fc.constantFrom(...POOL),
        p: fc.nat(n - 1),
        pv: fc.constantFrom(...POOL),
        verdict: fc.constantFrom<EvidenceRow['verdict']>('compatible', 'compatible', 'incompatible', 'unknown'),
      }),
      { maxLength: 4 },
    ),
    okPercent: fc.integer({ min: 55, max: 98 }),
    slots: fc.array(fc.nat(99), { minLength: SLOTS, maxLength: SLOTS }),
    steps: fc.constantFrom(1, 1, 1, 2),
    ignore: fc.option(fc.nat(n - 1), { freq: 5 }),
    targets: fc.array(
      fc.record({ k: fc.nat(n - 1), explicit: fc.option(fc.constantFrom(...POOL, '9'), { freq: 4 }) }),
      { maxLength: 4 },
    ),
    // Sets to ask about: small ones (the usual question) and any subset at all.
    masks: fc.array(
      fc.oneof(
        fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }).map((ks) => ks.reduce((m, k) => m | (1 << k), 0)),
        fc.nat((1 << n) - 1),
      ),
      { minLength: 8, maxLength: 8 },
    ),
  }),
);
type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % SLOTS;
}

function worldOf(c: Case): RollbackWorld {
  const name = (k: number) => `s${k}`;
  const units: DeployedUnit[] = c.units.map((u, k) => ({
    name: name(k),
    instances: u.histories.map((h, j) => ({
      applicationInstance: u.histories.length > 1 ? `i${j}` : null,
      current: h[0],
      history: h,
    })),
    released: u.released,
  }));
  const pacts: PactRow[] = c.pacts.flatMap((p) =>
    p.versions.map((v) => ({ consumer: name(p.c), consumerVersion: v, provider: name(p.p) })),
  );
  const evidence: EvidenceRow[] = [];
  const windows = new Map<string, { lo: number; hi: number } | null>();
  for (const x of c.pacts) if (!windows.has(`${x.c},${x.p}`)) windows.set(`${x.c},${x.p}`, x.window);
  for (const [p, window] of windows) {
    const [ci, pi] = p.split(',').map(Number);
    for (const cv of POOL) {
      for (const pv of POOL) {
        const roll = c.slots[hash(`${ci}@${cv}->${pi}@${pv}`)];
        const d = Number(pv) - Number(cv);
        if (window !== null && roll < 90)
          evidence.push(
            row(name(ci), cv, name(pi), pv, window.lo <= d && d <= window.hi ? 'compatible' : 'incompatible'),
          );
        else if (roll < c.okPercent) evidence.push(row(name(ci), cv, name(pi), pv, 'compatible'));
        else if (roll % 3 === 0) evidence.push(row(name(ci), cv, name(pi), pv, 'incompatible'));
        else if (roll % 3 === 1) evidence.push(row(name(ci), cv, name(pi), pv, 'unknown'));
        // else: no row at all, which is unknown too
      }
    }
  }
  const migrations = c.migrations.map((m, j) => ({
    pacticipant: name(m.k),
    version: m.version,
    id: `m${j}`,
    reversible: m.reversible,
    down: m.reversible ? `revert m${j}` : null,
  }));
  const declared: EvidenceRow[] = [];
  const seenDeclared = new Set<string>();
  for (const d of c.declared) {
    const k = `${d.c}@${d.cv}->${d.p}@${d.pv}`;
    if (seenDeclared.has(k)) continue;
    seenDeclared.add(k);
    declared.push({ ...row(name(d.c), d.cv, name(d.p), d.pv, d.verdict), evidence: 'declared' });
  }
  return { environment: 'test', units, pacts, evidence, migrations, declared };
}

function row(
  consumer: string,
  consumerVersion: string,
  provider: string,
  providerVersion: string,
  verdict: EvidenceRow['verdict'],
): EvidenceRow {
  return {
    consumer,
    consumerVersion,
    provider,
    providerVersion,
    verdict,
    evidence: verdict === 'unknown' ? 'none' : 'verification',
    reasons: [],
  };
}

const maskOf = (o: Oracle, names: readonly string[]) => names.reduce((m, x) => m | (1 << o.names.indexOf(x)), 0);
const namesOf = (o: Oracle, mask: number) => o.names.filter((_, k) => mask & (1 << k)).sort();
const key = (p: { consumer: { name: string; version: string }; provider: { name: string; version: string } }) =>
  `${p.consumer.name}@${p.consumer.version}->${p.provider.name}@${p.provider.version}`;

function checkSet(o: Oracle, mask: number, a: RollbackSetAnswer, label: string): void {
  const safe = o.safe(mask);
  assert.equal(a.summary.rollbackable, safe, `${label}: rollbackable`);
  const mss = o.minimalSafe(mask);
  assert.deepEqual(a.minimalSafeSet, mss === null ? null : namesOf(o, mss), `${label}: minimalSafeSet`);
  const moving = namesOf(o, mask).every((x) => o.canMove[o.names.indexOf(x)] && !o.frozen[o.names.indexOf(x)]);
  assert.equal(
    a.summary.rollbackable,
    moving && a.summary.incompatible + a.summary.unknown === 0,
    `${label}: counts agree with the verdict`,
  );
  const expected = o.pairs(mask);
  assert.deepEqual(
    a.pairs
      .filter((p) => !p.ignored)
      .map(key)
      .sort(),
    expected.created,
    `${label}: pairs`,
  );
  assert.deepEqual(
    a.pairs
      .filter((p) => p.ignored)
      .map(key)
      .sort(),
    expected.ignored,
    `${label}: ignored`,
  );
  assert.deepEqual(a.warnings.map(key).sort(), expected.warnings, `${label}: warnings`);
  assert.equal(a.pairs.length, a.summary.compatible + a.summary.incompatible + a.summary.unknown + a.summary.ignored);

  const planned = safe ? mask : mss;
  if (planned === null) {
    assert.deepEqual(a.plan, [], `${label}: no plan without a safe set`);
    return;
  }
  // The steps partition the set; after every step the environment is safe; no step can be split.
  let prefix = 0;
  a.plan.forEach((step, k) => {
    assert.equal(step.step, k + 1);
    const stepMask = maskOf(o, [...new Set(step.pacticipants.map((p) => p.name))]);
    assert.equal(prefix & stepMask, 0, `${label}: a unit in two steps`);
    for (let q = (stepMask - 1) & stepMask; q > 0; q = (q - 1) & stepMask) {
      assert.equal(o.safe(prefix | q), false, `${label}: step ${k + 1} could be split`);
    }
    prefix |= stepMask;
    assert.equal(o.safe(prefix), true, `${label}: unsafe after step ${k + 1}`);
  });
  assert.equal(prefix, planned, `${label}: the plan covers the set`);
}

describe('can-i-rollback against brute force (fast-check)', () => {
  it('agrees on every answer for random environments of up to 10 services', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(arbCase, (c) => {
        const world = worldOf(c);
        const n = world.units.length;
        const ignore = c.ignore === null ? [] : [`s${c.ignore}`];

        // The any-subset analysis (steps, which says how far a question's targets go, has nothing to apply to).
        const o = oracle(world, { ignore });
        const model = buildModel(world, { steps: c.steps, ignore });
        const table = answerAny(model);
        const listed = table.pacticipants.map((p) => p.name);
        assert.deepEqual(listed, o.names.filter((_, k) => o.deployed[k]).sort(), 'listed pacticipants');
        for (const p of table.pacticipants) {
          const x = o.names.indexOf(p.name);
          const mss = o.canMove[x] ? o.minimalSafe(1 << x) : null;
          const expected = !o.canMove[x]
            ? 'no-prior'
            : mss === null
              ? 'blocked'
              : mss === 1 << x
                ? 'independent'
                : 'needs-companions';
          assert.equal(p.verdict, expected, `${p.name}: verdict`);
          if (mss === null) continue;
          assert.deepEqual(p.requires, namesOf(o, mss & ~(1 << x)), `${p.name}: requires`);
          const conflicts = o.names.filter(
            (_, y) =>
              y !== x &&
              o.canMove[y] &&
              namesOf(o, mss).some((a) => {
                const ai = o.names.indexOf(a);
                return ai !== y && o.breaksBetween(ai, y, (1 << ai) | (1 << y));
              }),
          );
          assert.deepEqual(p.conflictsWith, conflicts.sort(), `${p.name}: conflictsWith`);
        }
        let candidates = 0;
        for (let k = 0; k < n; k++) if (o.canMove[k]) candidates |= 1 << k;
        // Every subset of the services that can roll back is safe (vacuously so when none can: a fresh environment).
        let every = true;
        for (let m = candidates; every; m = (m - 1) & candidates) {
          if (!o.safe(m)) every = false;
          if (m === 0) break;
        }
        assert.equal(table.summary.everySubsetSafe, every, 'everySubsetSafe');
        // Sets whose members go `steps` versions back, their companions to their own prior versions.
        for (const mask of [0, ...c.masks]) {
          const names = namesOf(o, mask);
          const targets = names.map((pacticipant) => ({ pacticipant }));
          const stepped =
            c.steps === 1
              ? { o, model }
              : {
                  o: oracle(world, { steps: c.steps, ignore, stepped: names }),
                  model: buildModel(world, { steps: c.steps, ignore, targets }),
                };
          checkSet(stepped.o, mask, answerSet(stepped.model, targets), `set ${mask}, steps ${c.steps}`);
        }

        // `steps` and `version` agree: a target sent `steps` back is the same question as that target sent to the
        // version `steps` back, for every unit whose instances all share one history.
        for (let x = 0; x < n; x++) {
          const u = world.units[x];
          if (u.instances.length !== 1) continue;
          const [i] = u.instances;
          const distinct = [...new Set([i.current, ...i.history])];
          const version = distinct[c.steps];
          if (version === undefined) continue;
          const bySteps = answerSet(buildModel(world, { steps: c.steps, ignore, targets: [{ pacticipant: u.name }] }), [
            { pacticipant: u.name },
          ]);
          const byVersion = answerSet(
            buildModel(world, { steps: c.steps, ignore, targets: [{ pacticipant: u.name, version }] }),
            [{ pacticipant: u.name, version }],
          );
          assert.deepEqual(
            { ...bySteps, reasons: bySteps.reasons.length },
            { ...byVersion, reasons: byVersion.reasons.length },
            `${u.name}: steps ${c.steps} and version ${version} disagree`,
          );
        }

        // One set with explicit target versions.
        const explicit: Record<string, string> = {};
        for (const t of c.targets)
          if (t.explicit !== null && !(`s${t.k}` in explicit)) explicit[`s${t.k}`] = t.explicit;
        const targets = [...new Set(c.targets.map((t) => `s${t.k}`))].map((pacticipant) =>
          pacticipant in explicit ? { pacticipant, version: explicit[pacticipant] } : { pacticipant },
        );
        const oe = oracle(world, {
          steps: c.steps,
          ignore,
          explicit,
          stepped: targets.filter((t) => !('version' in t)).map((t) => t.pacticipant),
        });
        const withTargets = answerSet(buildModel(world, { steps: c.steps, ignore, targets }), targets);
        checkSet(
          oe,
          maskOf(
            oe,
            targets.map((t) => t.pacticipant),
          ),
          withTargets,
          'explicit targets',
        );
        return popcount(0) === 0;
      }),
      { numRuns: Number(process.env.ROLLBACK_RUNS ?? 500) },
    );
  });
});
