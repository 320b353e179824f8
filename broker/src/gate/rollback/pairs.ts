/**
 * Pair reports: what the answer lists as `pairs`, `ignored` and `warnings`, for a set of rolled-back units.
 * One pass over the integrations, so an answer stays linear in the size of the environment.
 */
import { rowOf, visitPairs, type RollbackModel } from './model.ts';
import type { EvidenceRow } from './types.ts';
import type { PairReport, RollbackWarning } from './types.ts';
import { cmp } from './graph.ts';

export function pairReport(c: string, cv: string, p: string, pv: string, row: EvidenceRow | undefined): PairReport {
  return {
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
  /** Pairs the rollback creates that involve an ignored pacticipant. */
  ignored: PairReport[];
  /** Broken pairs in play before and after, outside ignored integrations. */
  warnings: RollbackWarning[];
}

/** Pairs when the units for which `rolled(u)` holds roll back and every other unit stays. */
export function pairsOfRollback(model: RollbackModel, rolled: (u: number) => boolean): PairsOfRollback {
  const created: PairReport[] = [];
  const ignored: PairReport[] = [];
  const warnings: RollbackWarning[] = [];
  for (const integ of model.integrations) {
    const c = model.units[integ.consumer];
    const p = model.units[integ.provider];
    visitPairs(model, integ, rolled(integ.consumer), rolled(integ.provider), (cv, pv, isCreated) => {
      const row = rowOf(model, integ, cv, pv);
      if (isCreated) {
        (integ.ignored ? ignored : created).push(pairReport(c.name, c.versions[cv], p.name, p.versions[pv], row));
      } else if (!integ.ignored && row?.verdict !== 'compatible') {
        warnings.push({ id: 'pre-existing-break', ...pairReport(c.name, c.versions[cv], p.name, p.versions[pv], row) });
      }
    });
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
