/**
 * The gate for upgrading the comparison engine: the 643 bidi-corpus cases run through the adapter,
 * with the agreement per set reported and held at the figures measured for the pinned engine
 * (../shared/reference/comparators.md: 74/74, 249/249, 307/320 exact).
 *
 * Two figures per set:
 * - engine: the engine's findings, as mapped by the adapter, against the expected codes;
 * - adapter: the same through the adapter's guard rails, which refuse pacts that parsePact rejects
 *   (the engine would pass some of them silently). Those refusals are listed and held exactly.
 */
import assert from 'node:assert/strict';
import { ContractError } from '../../contracts/src/errors.ts';
import { InProcessComparator } from '../../contracts/src/openapi/comparator/in-process.ts';
import { opcEngine } from '../../contracts/src/openapi/comparator/opc-engine.ts';
import type { Finding } from '../../contracts/src/openapi/comparator/types.ts';
import { codesOf, exact, readSet, sameVerdict, SETS, type CorpusCase, type SetName } from './support/corpus.ts';

/** Measured with @pactflow/openapi-pact-comparator 2.3.1; raise these when an upgrade does better. */
const HELD: Record<SetName, { cases: number; exact: number; verdictSame: number }> = {
  opc: { cases: 74, exact: 74, verdictSame: 74 },
  'opc-split': { cases: 249, exact: 249, verdictSame: 249 },
  smv: { cases: 320, exact: 307, verdictSame: 311 },
};

/** Pacts the adapter refuses (ContractError, a 4xx) where the engine answered: all on purpose. */
const REFUSED_BY_GUARD: Record<SetName, string[]> = {
  // pact-formats: an interaction of type "not-a-real-type", which the engine skips;
  // missing-interactions: no interactions at all, which the engine passes with no findings;
  // non-http-interactions: type "Async/Messages" without a description;
  // request-parameters-path: one interaction requests "integer/1", a path without its leading "/".
  opc: [
    'opc--oas-pact-formats',
    'opc--oas-pact-missing-interactions',
    'opc--oas-pact-non-http-interactions',
    'opc--oas-request-parameters-path',
  ],
  'opc-split': [
    'opc-split--oas-pact-formats--i02',
    'opc-split--oas-pact-non-http-interactions--i00',
    'opc-split--oas-request-parameters-path--i05',
  ],
  smv: [],
};

const documentsOf = (c: CorpusCase) => ({ oas: c.oas ?? undefined, asyncapi: c.asyncapi });

interface SetReport {
  cases: number;
  engineExact: number;
  engineVerdictSame: number;
  adapterExact: number;
  refused: string[];
  mismatches: string[];
}

async function runSet(set: SetName): Promise<SetReport> {
  const adapter = new InProcessComparator({ cacheEntries: 4 });
  const report: SetReport = {
    cases: 0,
    engineExact: 0,
    engineVerdictSame: 0,
    adapterExact: 0,
    refused: [],
    mismatches: [],
  };
  for (const c of readSet(set)) {
    report.cases++;
    let findings: Finding[];
    try {
      const verdict = await adapter.compare(c.pact, documentsOf(c));
      assert.notEqual(verdict.result, 'unknown', `${c.name}: ${verdict.reason}`);
      findings = verdict.findings;
      if (exact(c, codesOf(findings))) report.adapterExact++;
    } catch (err) {
      if (!(err instanceof ContractError)) throw err;
      report.refused.push(c.name);
      // What the engine alone says about it, for the engine figure.
      findings = await opcEngine.compile(structuredClone(documentsOf(c))).compare(c.pact);
    }
    const got = codesOf(findings);
    if (exact(c, got)) report.engineExact++;
    else report.mismatches.push(c.name);
    if (sameVerdict(c, got)) report.engineVerdictSame++;
  }
  return report;
}

describe('bidi corpus through the comparator adapter', function () {
  this.timeout(120_000);
  const reports: Partial<Record<SetName, SetReport>> = {};

  for (const set of SETS) {
    it(`holds the pinned engine's agreement on ${set}`, async () => {
      const r = await runSet(set);
      reports[set] = r;
      assert.equal(r.cases, HELD[set].cases);
      assert.ok(
        r.engineExact >= HELD[set].exact,
        `${set}: ${r.engineExact} exact < ${HELD[set].exact}; mismatches: ${r.mismatches.join(', ')}`,
      );
      assert.ok(
        r.engineVerdictSame >= HELD[set].verdictSame,
        `${set}: ${r.engineVerdictSame} same verdict < ${HELD[set].verdictSame}`,
      );
      assert.deepEqual(r.refused, REFUSED_BY_GUARD[set]);
      // Every case the guard lets through gets the engine's answer unchanged.
      const refusedButExact = r.refused.filter((n) => !r.mismatches.includes(n)).length;
      assert.equal(r.adapterExact, r.engineExact - refusedButExact);
    });
  }

  after(() => {
    const rows = Object.entries(reports).map(([set, r]) => ({
      set,
      cases: r.cases,
      'engine exact': r.engineExact,
      'engine same verdict': r.engineVerdictSame,
      'adapter exact': r.adapterExact,
      'refused by pact guard': r.refused.length,
    }));
    if (rows.length) {
      console.log(`\n  engine ${opcEngine.info.name}@${opcEngine.info.version}`);
      console.table(rows);
    }
  });
});
