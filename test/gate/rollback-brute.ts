/**
 * The oracle for the property test: can-i-rollback straight from its definition, by enumerating subsets.
 * It shares no code with the analysis: endpoints (instances and released versions) are paired one by one,
 * a pair counts when one of its endpoints moved, and every question is answered from the table of safe sets.
 */
import type { RollbackWorld } from '../../broker/src/gate/rollback/types.ts';

interface Endpoint {
  version: string;
  moved: boolean;
}

export interface Oracle {
  names: string[];
  /** Has a target on every instance (and at least one instance). */
  canMove: boolean[];
  /** Can move, but crosses an irreversible migration: no safe set contains it. */
  frozen: boolean[];
  deployed: boolean[];
  safe: (mask: number) => boolean;
  /** Does rolling back exactly the units of `mask` break a created pair between c and p (either direction)? */
  breaksBetween: (c: number, p: number, mask: number) => boolean;
  /** The unique smallest safe superset of mask, or null. Asserts uniqueness (the Horn property). */
  minimalSafe: (mask: number) => number | null;
  /** Version pairs as "c@cv->p@pv": created (not ignored), created on ignored integrations, broken persisting ones. */
  pairs: (mask: number) => { created: string[]; ignored: string[]; warnings: string[] };
}

export function oracle(
  world: RollbackWorld,
  query: { steps?: number; ignore?: string[]; explicit?: Record<string, string>; stepped?: string[] },
): Oracle {
  // `steps` is how far the question's targets go (`stepped`); every other unit goes to its own prior version.
  const stepped = new Set(query.stepped ?? []);
  const stepsOf = (name: string) => (stepped.has(name) ? (query.steps ?? 1) : 1);
  const ignore = new Set(query.ignore ?? []);
  const units = world.units;
  const n = units.length;
  const names = units.map((u) => u.name);
  const pactSet = new Set(world.pacts.map((r) => `${r.consumer}@${r.consumerVersion}->${r.provider}`));
  const verdicts = new Map(
    world.evidence.map((r) => [`${r.consumer}@${r.consumerVersion}->${r.provider}@${r.providerVersion}`, r.verdict]),
  );
  // Issue 21: declared requirements are dependencies too; a pair is fine only if every evidence it has says so, and a
  // pact pair needs its pact evidence compatible whatever the declaration says.
  const declared = new Map(
    (world.declared ?? []).map((r) => [
      `${r.consumer}@${r.consumerVersion}->${r.provider}@${r.providerVersion}`,
      r.verdict,
    ]),
  );
  const declaredDeps = new Set((world.declared ?? []).map((r) => `${r.consumer}@${r.consumerVersion}->${r.provider}`));
  const depends = (dep: string) => pactSet.has(dep) || declaredDeps.has(dep);
  const ok = (k: string) => {
    const dep = k.slice(0, k.lastIndexOf('@'));
    const d = declared.get(k);
    if (d !== undefined && d !== 'compatible') return false;
    return pactSet.has(dep) ? verdicts.get(k) === 'compatible' : d === 'compatible';
  };

  const targets = units.map((u) =>
    u.instances.map((i) => {
      const explicit = query.explicit?.[u.name];
      const all = new Set(u.instances.flatMap((j) => [j.current, ...j.history]));
      if (explicit !== undefined) return all.has(explicit) ? explicit : null;
      const distinct: string[] = [];
      for (const v of [i.current, ...i.history]) if (!distinct.includes(v)) distinct.push(v);
      return distinct[stepsOf(u.name)] ?? null;
    }),
  );
  const canMove = units.map((u, k) => u.instances.length > 0 && targets[k].every((t) => t !== null));
  // Issue 21: an instance rolling back crosses the versions deployed on it since its target last was, newest first
  // from the current one; an irreversible migration of any of them keeps the unit from rolling back at all.
  const irreversible = new Set(
    (world.migrations ?? []).filter((m) => !m.reversible).map((m) => `${m.pacticipant}@${m.version}`),
  );
  const frozen = units.map(
    (u, k) =>
      canMove[k] &&
      u.instances.some((i, j) => {
        const target = targets[k][j] as string;
        for (const v of [i.current, ...i.history]) {
          if (v === target) return false;
          if (irreversible.has(`${u.name}@${v}`)) return true;
        }
        return false;
      }),
  );
  const deployed = units.map((u) => u.instances.length > 0);

  const endpoints = (k: number, rolled: boolean): Endpoint[] => [
    ...units[k].instances.map((i, j) => {
      const to = rolled && canMove[k] ? (targets[k][j] as string) : i.current;
      return { version: to, moved: to !== i.current };
    }),
    ...units[k].released.map((v) => ({ version: v, moved: false })),
  ];
  const inMask = (mask: number, k: number) => (mask & (1 << k)) !== 0;

  /** Every endpoint pair of c -> p under mask, with its key and whether it moved. */
  const endpointPairs = (c: number, p: number, mask: number) => {
    const out: Array<{ key: string; moved: boolean }> = [];
    const ce = endpoints(c, inMask(mask, c));
    const pe = endpoints(p, inMask(mask, p));
    for (const e of ce) {
      if (!depends(`${names[c]}@${e.version}->${names[p]}`)) continue;
      for (const f of pe)
        out.push({ key: `${names[c]}@${e.version}->${names[p]}@${f.version}`, moved: e.moved || f.moved });
    }
    return out;
  };

  // A pair's fate depends only on whether each of its two units rolled back: cache by (c, p, a, b).
  const cache = new Map<string, boolean>();
  const pairOk = (c: number, p: number, mask: number): boolean => {
    if (ignore.has(names[c]) || ignore.has(names[p])) return true;
    const k = `${c},${p},${inMask(mask, c)},${inMask(mask, p)}`;
    let v = cache.get(k);
    if (v === undefined) {
      v = endpointPairs(c, p, mask).every((x) => !x.moved || ok(x.key));
      cache.set(k, v);
    }
    return v;
  };

  const safeTable = new Uint8Array(1 << n);
  for (let mask = 0; mask < 1 << n; mask++) {
    let safe = true;
    for (let k = 0; k < n && safe; k++) if (inMask(mask, k) && (!canMove[k] || frozen[k])) safe = false;
    for (let c = 0; c < n && safe; c++) for (let p = 0; p < n && safe; p++) if (!pairOk(c, p, mask)) safe = false;
    safeTable[mask] = safe ? 1 : 0;
  }
  const safe = (mask: number) => safeTable[mask] === 1;

  const minimalSafe = (mask: number): number | null => {
    let best: number | null = null;
    let meet = (1 << n) - 1;
    for (let m = 0; m < 1 << n; m++) {
      if ((m & mask) !== mask || !safe(m)) continue;
      meet &= m;
      if (best === null || popcount(m) < popcount(best)) best = m;
    }
    if (best !== null && best !== meet)
      throw new Error(`no unique smallest safe superset of ${mask}: Horn property broken`);
    return best;
  };

  const pairs = (mask: number) => {
    const created = new Set<string>();
    const ignored = new Set<string>();
    const persisting = new Set<string>();
    for (let c = 0; c < n; c++) {
      for (let p = 0; p < n; p++) {
        const skip = ignore.has(names[c]) || ignore.has(names[p]);
        for (const x of endpointPairs(c, p, mask)) {
          if (x.moved) (skip ? ignored : created).add(x.key);
          else if (!skip && !ok(x.key)) persisting.add(x.key);
        }
      }
    }
    const warnings = [...persisting].filter((k) => !created.has(k));
    return { created: [...created].sort(), ignored: [...ignored].sort(), warnings: warnings.sort() };
  };

  const breaksBetween = (c: number, p: number, mask: number) => !pairOk(c, p, mask) || !pairOk(p, c, mask);

  return { names, canMove, frozen, deployed, safe, minimalSafe, pairs, breaksBetween };
}

export function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
