import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { canonicalJson } from '../../contracts/src/pact/canonical-json.ts';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';
import { aPact } from '../support/pact-builder.ts';

/** The definition canonicalJson must meet: keys sorted at every depth, arrays in order, native escaping. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = Object.create(null);
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** JSON values as JSON.parse makes them, with awkward keys: integer-like, "__proto__", unicode. */
const key = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', '10', '9', '0', 'a', 'B', 'é', '\u{1F4E6}'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 6 })
    .map(
      (entries) =>
        JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown,
    ),
})).value;

function shuffledKeys(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffledKeys(v, rnd));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(() => rnd() - 0.5);
  return JSON.parse(
    `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(shuffledKeys(v, rnd))}`).join(',')}}`,
  );
}

describe('Canonical JSON and the pact content hash', () => {
  it('serialises any JSON value with its keys sorted at every depth, as the definition says', () => {
    fc.assert(
      fc.property(json, (v) => canonicalJson(v) === reference(v)),
      { numRuns: 2_000 },
    );
  });

  it('gives one text for values that differ only in key order', () => {
    fc.assert(
      fc.property(json, fc.integer(), (v, seed) => {
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          return s / 2 ** 31;
        };
        return canonicalJson(shuffledKeys(v, rnd)) === canonicalJson(v);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps the identities of pacts stored before (the fixture pacts hash as they always did)', () => {
    const sha = (file: string) =>
      pactContentHash(
        parsePact(JSON.parse(readFileSync(new URL(`../../fixtures/pacts/${file}`, import.meta.url), 'utf8'))),
      );
    assert.equal(sha('v3/web-orders.json'), '11beca65c84c249337e82c2d76bc5862ce27c352');
    assert.equal(sha('v4/web-orders.json'), 'b0f3951b3e8eac4d4f15ae3df332401f721d23a0');
  });

  it('hashes a changed interaction differently, and the same pact alike every time', () => {
    const build = (status: string) =>
      aPact('web', 'orders')
        .withInteraction()
        .withInteraction({ responseBody: { id: 2, status } })
        .build();
    const first = pactContentHash(parsePact(build('NEW')));
    const changed = pactContentHash(parsePact(build('SHIPPED')));
    assert.notEqual(changed, first);
    assert.equal(pactContentHash(parsePact(build('NEW'))), first);
    assert.equal(pactContentHash(parsePact(build('SHIPPED'))), changed);
  });

  it('ignores key order, interaction order, _id and comments, and nothing else', () => {
    const pact = aPact('web', 'orders').withInteraction().withInteraction({ description: 'second' }).build() as {
      interactions: Record<string, unknown>[];
    };
    const base = pactContentHash(parsePact(pact));
    const reordered = {
      ...pact,
      interactions: [...pact.interactions]
        .reverse()
        .map((i) => shuffledKeys({ ...i, _id: 'x1', comments: { text: ['n'] } }, Math.random)),
    };
    assert.equal(pactContentHash(parsePact(reordered)), base);
    const renamed = {
      ...pact,
      interactions: [{ ...pact.interactions[0], description: 'other' }, pact.interactions[1]],
    };
    assert.notEqual(pactContentHash(parsePact(renamed)), base);
  });
});
