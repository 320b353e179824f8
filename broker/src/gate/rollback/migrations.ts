/**
 * Data migrations a rollback crosses (issue 21). A version may declare the migrations it introduced; rolling an
 * instance back from its current version to its target crosses the migrations of every version deployed on that
 * instance after the target's most recent deployment there, up to and including the current one. Versions never
 * deployed there cross nothing, and neither does a version the instance had already left before the target came
 * back (after 1, 2, 1, 3, rolling 3 back to 1 crosses 3's migrations only: 2's were crossed when 1 came back).
 *
 * An irreversible migration makes its pacticipant unable to roll back past it: a "cannot" clause, so the engine
 * (closure, any-subset table, plan) is unchanged. Reversible ones give the plan their down steps, newest first.
 */
import type { DownStep, MigrationRow } from './types.ts';

/** The versions rolling an instance back from `current` to `target` crosses, newest first (empty when it stays). */
export function versionsCrossed(current: string, history: readonly string[], target: string): string[] {
  if (target === current) return [];
  const out = [current];
  for (const v of history) {
    if (v === target) break;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Migrations by `pacticipant \0 version`, in the order they were recorded. */
export function migrationsByVersion(rows: readonly MigrationRow[] | undefined): Map<string, MigrationRow[]> {
  const out = new Map<string, MigrationRow[]>();
  for (const r of rows ?? []) {
    const k = versionKey(r.pacticipant, r.version);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export const versionKey = (pacticipant: string, version: string): string => `${pacticipant}\u0000${version}`;

/**
 * What one instance's rollback crosses: the irreversible migrations (each blocks), and the down steps of the
 * reversible ones, newest version first and, within a version, the reverse of the order they were recorded in
 * (the last one applied is the first one reverted).
 */
export function crossing(
  pacticipant: string,
  versions: readonly string[],
  byVersion: ReadonlyMap<string, readonly MigrationRow[]>,
): { irreversible: MigrationRow[]; down: DownStep[] } {
  const irreversible: MigrationRow[] = [];
  const down: DownStep[] = [];
  for (const version of versions) {
    const rows = byVersion.get(versionKey(pacticipant, version));
    if (!rows) continue;
    for (let k = rows.length - 1; k >= 0; k--) {
      const r = rows[k];
      if (!r.reversible) irreversible.push(r);
      else down.push({ migration: r.id, version, down: r.down ?? '' });
    }
  }
  return { irreversible, down };
}
