// Property: A built from B by removing or loosening is subsumed; built by narrowing, never; and
// whenever subsumption holds, every response generated from B's rules satisfies A.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HttpInteraction, Pact } from '../../contracts/src/pact/model.ts';
import { identityKey } from '../../contracts/src/subsumption/identity.ts';
import { isSubsumed } from '../../contracts/src/subsumption/index.ts';
import { matchResponse } from '../../matchers/src/index.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { generateResponse } from './support/generate.ts';
import { http, httpPact, rule } from './support/pacts.ts';

type Json = Record<string, unknown>;
type RuleMap = Record<string, ReturnType<typeof rule>>;

interface Spec {
  body: Json;
  rules: RuleMap;
}

const KEYS = ['id', 'name', 'total', 'paid', 'tags', 'lines'];
const leaf = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 5 }), fc.boolean());

/** A response body and B's rules on it: each leaf exact, by type or (integers) by integer; lists exact or by type with a minimum. */
const spec: fc.Arbitrary<Spec> = fc
  .record({
    leaves: fc.uniqueArray(
      fc.tuple(fc.constantFrom(...KEYS.slice(0, 4)), leaf, fc.constantFrom('exact', 'type', 'integer')),
      { selector: (t) => t[0], maxLength: 4 },
    ),
    list: fc.option(
      fc.tuple(
        fc.array(fc.record({ sku: fc.string({ maxLength: 3 }), qty: fc.integer({ min: 0, max: 9 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom('exact', 'type'),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('exact', 'type'),
      ),
    ),
  })
  .map(({ leaves, list }) => {
    const body: Json = {};
    const rules: RuleMap = {};
    for (const [k, v, how] of leaves) {
      body[k] = v;
      if (how === 'type') rules[`$.${k}`] = rule({ match: 'type' });
      if (how === 'integer' && typeof v === 'number') rules[`$.${k}`] = rule({ match: 'integer' });
    }
    if (list) {
      const [items, how, min, itemHow] = list;
      body.lines = items;
      if (how === 'type') rules['$.lines'] = rule({ match: 'type', min: Math.min(min, items.length) });
      if (itemHow === 'type') rules['$.lines[*].qty'] = rule({ match: 'type' });
    }
    return { body, rules };
  });

const bPact = fc.array(spec, { minLength: 1, maxLength: 3 });
const build = (specs: Spec[], path = (i: number) => `/r/${i}`) =>
  httpPact(
    ...specs.map((s, i) => http({ description: `i${i}`, request: { path: path(i) }, body: s.body, rules: s.rules })),
  );

/** A asks less: some interactions and fields removed, some exact values or integers loosened to type, list minimums lowered. */
function weaken(s: Spec, choices: number[]): Spec {
  const body: Json = { ...s.body };
  const rules: RuleMap = { ...s.rules };
  Object.keys(s.body).forEach((k, i) => {
    const c = choices[i % choices.length] % 3;
    if (c === 0) delete body[k];
    else if (c === 1 && k !== 'lines') rules[`$.${k}`] = rule({ match: 'type' });
    else if (c === 1 && rules['$.lines']) rules['$.lines'] = rule({ match: 'type', min: 0 });
  });
  return { body, rules };
}

function responsesSatisfy(a: Pact, b: Pact, seed: number): void {
  const rand = seededRandom(seed);
  for (const ia of a.interactions as HttpInteraction[]) {
    const ib = (b.interactions as HttpInteraction[]).find((x) => identityKey(x) === identityKey(ia))!;
    for (let n = 0; n < 5; n++) {
      const generated = generateResponse(ib.response, rand);
      assert.deepEqual(matchResponse(ib.response, generated), [], 'the generator only makes responses B accepts');
      assert.deepEqual(
        matchResponse(ia.response, generated),
        [],
        `A rejects a response B accepts: ${JSON.stringify(generated.body)}`,
      );
    }
  }
}

describe('isSubsumed (properties)', () => {
  it('A built from B by removing interactions and fields, or loosening matchers, is subsumed', () => {
    fc.assert(
      fc.property(
        bPact,
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (specs, keep, choices, seed) => {
          const b = build(specs);
          const kept = specs.map((s, i) => [s, i] as const).filter(([, i]) => keep[i]);
          const a = httpPact(
            ...kept
              .map(([s, i]) => ({ ...weaken(s, choices), i }))
              .map(({ body, rules, i }) => http({ description: `i${i}`, request: { path: `/r/${i}` }, body, rules })),
          );
          const r = isSubsumed(a, b);
          assert.deepEqual(r, { subsumed: true });
          responsesSatisfy(a, b, seed);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('A built by narrowing (an added required field, an exact value where B matches by type, a changed request) is never subsumed', () => {
    const narrowings = fc.constantFrom('added-field', 'exact-where-type', 'changed-request');
    fc.assert(
      fc.property(bPact, narrowings, fc.nat(), (specs, how, which) => {
        const b = build(specs);
        const i = which % specs.length;
        const s = specs[i];
        let a: Pact;
        if (how === 'added-field')
          a = build(specs.map((x, j) => (j === i ? { ...x, body: { ...x.body, addedByA: 'required' } } : x)));
        else if (how === 'changed-request') a = build(specs, (j) => (j === i ? `/changed/${j}` : `/r/${j}`));
        else {
          const typed = Object.keys(s.rules).find(
            (k) => s.rules[k].matchers[0].match === 'type' && !k.includes('lines'),
          );
          fc.pre(typed !== undefined);
          a = build(
            specs.map((x, j) => (j === i ? { ...x, rules: { ...x.rules, [typed!]: rule({ match: 'equality' }) } } : x)),
          );
        }
        const r = isSubsumed(a, b);
        assert.equal(r.subsumed, false);
        assert.equal(r.subsumed === false && r.interaction, `i${i}`);
      }),
      { numRuns: 150 },
    );
  });

  it('whenever A is subsumed by B, every response generated from B satisfies A', () => {
    // A: B with each leaf's rule and value randomly redrawn, so that pairs land on both sides of the proof
    const redraw = fc.array(
      fc.tuple(fc.constantFrom('none', 'type', 'integer', 'number', 'equality', 'regex'), fc.option(leaf)),
      { minLength: 6, maxLength: 6 },
    );
    let proven = 0;
    fc.assert(
      fc.property(bPact, redraw, fc.nat(), (specs, draws, seed) => {
        const b = build(specs);
        const a = build(
          specs.map((s) => {
            const body: Json = { ...s.body };
            const rules: RuleMap = { ...s.rules };
            Object.keys(body)
              .filter((k) => k !== 'lines')
              .forEach((k, i) => {
                const [how, value] = draws[i];
                if (value !== null) body[k] = value;
                delete rules[`$.${k}`];
                if (how === 'regex') rules[`$.${k}`] = rule({ match: 'regex', regex: '.*' });
                else if (how !== 'none') rules[`$.${k}`] = rule({ match: how });
              });
            return { body, rules };
          }),
        );
        if (isSubsumed(a, b).subsumed) {
          proven++;
          responsesSatisfy(a, b, seed);
        }
      }),
      { numRuns: 400 },
    );
    assert.ok(proven >= 10, `only ${proven} of 400 random pairs were subsumed: the property would be vacuous`);
  });
});
