import type { Interaction, Pact } from '../pact/model.ts';
import { requirementsOf, type Requirement } from './requirements.ts';

export interface InteractionDiff {
  /** The interaction's description (with `#n` when a pact repeats a description). */
  interaction: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** What the new pact asks for that the old one did not. */
  asksNow: Requirement[];
  /** What the old pact asked for that the new one does not. */
  noLongerAsks: Requirement[];
}

export interface PactDiff {
  consumer: string;
  provider: string;
  interactions: InteractionDiff[];
}

/** Interactions are paired by description (the consumer's name for them), repeated descriptions in order. */
function keyed(p: Pact): Map<string, Interaction> {
  const seen = new Map<string, number>();
  const out = new Map<string, Interaction>();
  for (const i of p.interactions) {
    const n = (seen.get(i.description) ?? 0) + 1;
    seen.set(i.description, n);
    out.set(n === 1 ? i.description : `${i.description} #${n}`, i);
  }
  return out;
}

const id = (r: Requirement) => `${r.element}\u0000${r.expectation}`;

/** What the consumer now asks for that it did not, and what it no longer asks for, by interaction. */
export function diffPacts(oldPact: Pact, newPact: Pact): PactDiff {
  const before = keyed(oldPact);
  const after = keyed(newPact);
  const interactions: InteractionDiff[] = [];
  for (const [name, n] of after) {
    const o = before.get(name);
    const reqNew = requirementsOf(n);
    if (!o) {
      interactions.push({ interaction: name, change: 'added', asksNow: reqNew, noLongerAsks: [] });
      continue;
    }
    const reqOld = requirementsOf(o);
    const oldIds = new Set(reqOld.map(id));
    const newIds = new Set(reqNew.map(id));
    const asksNow = reqNew.filter((r) => !oldIds.has(id(r)));
    const noLongerAsks = reqOld.filter((r) => !newIds.has(id(r)));
    interactions.push({
      interaction: name,
      change: asksNow.length || noLongerAsks.length ? 'changed' : 'unchanged',
      asksNow,
      noLongerAsks,
    });
  }
  for (const [name, o] of before) {
    if (!after.has(name))
      interactions.push({ interaction: name, change: 'removed', asksNow: [], noLongerAsks: requirementsOf(o) });
  }
  return { consumer: newPact.consumer, provider: newPact.provider, interactions };
}
