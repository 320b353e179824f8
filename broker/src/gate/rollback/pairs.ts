/**
 * Pair reports: what the answer lists as `pairs`, `ignored` and `warnings`, for a set of rolled-back units.
 * One pass over the integrations, so an answer stays linear in the size of the environment.
 */
import { rowOf, type RollbackModel } from './model.ts';
import type { EvidenceRow } from './types.ts';
import type { PairReport, RollbackWarning } from './types.ts';
import { cmp } from './graph.ts';

/**
 * Every field written in one literal: an object spread would give every report its own hidden class in V8,
 * which is slow to read and to collect. Ignored reports (few) add their flag afterwards.
 */
export function pairReport(
  c: string,
  cv: string,
  p: string,
  pv: string,
  row: EvidenceRow | undefined,
  ignored = false,
): PairReport {
  const report: PairReport = {
    consumer: { name: c, version: cv },
    provider: { name: p, version: pv },
    verdict: row?.verdict ?? 'unknown',
    evidence: row?.evidence ?? 'none',
    reasons: row?.reasons ?? [],
  };
  if (ignored) report.ignored = true;
  return report;
}

function warning(c: string, cv: string, p: string, pv: string, row: EvidenceRow | undefined): RollbackWarning {
  return {
    id: 'pre-existing-break',
    consumer: { name: c, version: cv },
    provider: { name: p, version: pv },
    verdict: row?.verdict ?? 'unknown',
    evidence: row?.evidence ?? 'none',
    reasons: row?.reasons ?? [],
  };
}

export interface PairsOfRollback {
  /** Pairs the rollback creates (an endpoint moved), outside ignored integrations. */
  created: PairReport[];
  /** Pairs the rollback creates that involve an ignored pacticipant (marked `ignored: true`). */
  ignored: PairReport[];
  /** Broken pairs in play before and after, outside ignored integrations. */
  warnings: RollbackWarning[];
}

/**
 * Pairs when the units for which `rolled(u)` holds roll back and every other unit stays. The walk of
 * `visitPairs`, inlined: it reads the compatibility flags, and a row only for a pair it reports.
 */
export function pairsOfRollback(model: RollbackModel, rolled: (u: number) => boolean): PairsOfRollback {
  const created: PairReport[] = [];
  const ignored: PairReport[] = [];
  const warnings: RollbackWarning[] = [];
  const { units, compatible } = model;
  for (const integ of model.integrations) {
    const c = units[integ.consumer];
    const p = units[integ.provider];
    const a = rolled(integ.consumer);
    const b = rolled(integ.provider);
    const cvs = a ? c.rolled : c.stay;
    const pvs = b ? p.rolled : p.stay;
    const width = p.versions.length;
    for (const cv of cvs) {
      if (!integ.pact[cv]) continue;
      const cMoved = a && c.moved[cv];
      const base = integ.rowBase + cv * width;
      for (const pv of pvs) {
        const slot = base + pv;
        if (cMoved || (b && p.moved[pv])) {
          const row = rowOf(model, slot);
          if (integ.ignored) ignored.push(pairReport(c.name, c.versions[cv], p.name, p.versions[pv], row, true));
          else created.push(pairReport(c.name, c.versions[cv], p.name, p.versions[pv], row));
        } else if (!integ.ignored && compatible[slot] !== 1) {
          warnings.push(warning(c.name, c.versions[cv], p.name, p.versions[pv], rowOf(model, slot)));
        }
      }
    }
  }
  created.sort(byPair);
  ignored.sort(byPair);
  warnings.sort(byPair);
  return { created, ignored, warnings };
}

export function byPair(x: PairReport, y: PairReport): number {
  return (
    cmp(x.consumer.name, y.consumer.name) ||
    cmp(x.consumer.version, y.consumer.version) ||
    cmp(x.provider.name, y.provider.name) ||
    cmp(x.provider.version, y.provider.version)
  );
}
