/**
 * Graph algorithms over the "needs" clauses: closure (the smallest safe set), strongly connected components
 * (lockstep groups) and the plan. All linear in the part of the graph they visit; none enumerates subsets.
 */
import type { RollbackModel } from './model.ts';
import type { RollbackReason } from './reasons.ts';
import type { PlanEntry, PlanStep } from './types.ts';

/**
 * Visit marks, reused across closures so that one closure costs what it visits, not the size of the
 * environment: a unit is in the current closure when mark[unit] === stamp.
 */
export class Marks {
  readonly mark: Int32Array;
  private stamp = 0;
  constructor(size: number) {
    this.mark = new Int32Array(size);
  }
  next(): number {
    return ++this.stamp;
  }
}

/** Units reachable from `seeds` along "needs" (the seeds included), in visit order. */
export function needsClosure(
  model: RollbackModel,
  seeds: readonly number[],
  marks: Marks,
): { members: number[]; stamp: number } {
  const stamp = marks.next();
  const { mark } = marks;
  const members: number[] = [];
  for (const s of seeds) {
    if (mark[s] !== stamp) {
      mark[s] = stamp;
      members.push(s);
    }
  }
  for (let i = 0; i < members.length; i++) {
    for (const e of model.needs[members[i]]) {
      if (mark[e.to] !== stamp) {
        mark[e.to] = stamp;
        members.push(e.to);
      }
    }
  }
  return { members, stamp };
}

/**
 * The negative clauses a set violates: members without a target, members that cannot roll back, pairs of
 * members that cannot both roll back. `inSet(u)` must be O(1).
 */
export function violations(
  model: RollbackModel,
  members: readonly number[],
  inSet: (u: number) => boolean,
): RollbackReason[] {
  const out: RollbackReason[] = [];
  for (const u of members) {
    const unit = model.units[u];
    if (!unit.hasTarget) out.push(...unit.problems);
    out.push(...model.cannot[u]);
    for (const e of model.conflicts[u]) {
      // Each conflict is recorded on both ends: report it once, from the end with the smaller name.
      if (inSet(e.with) && unit.name < model.units[e.with].name) out.push(e.reason);
    }
  }
  return out;
}

/**
 * Strongly connected components of the "needs" graph restricted to `nodes` (Tarjan, iterative so that long
 * chains do not exhaust the stack). Tarjan emits a component only after every component it needs, which is
 * the order a rollback must follow: dependencies first. Nodes are visited in the order given.
 */
export function componentsDependenciesFirst(
  model: RollbackModel,
  nodes: readonly number[],
  inSet: (u: number) => boolean,
): number[][] {
  const n = model.units.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callV: number[] = [];
  const callEdge: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const open = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    callV.push(v);
    callEdge.push(0);
  };
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    open(root);
    while (callV.length > 0) {
      const top = callV.length - 1;
      const v = callV[top];
      const edges = model.needs[v];
      if (callEdge[top] < edges.length) {
        const w = edges[callEdge[top]++].to;
        if (!inSet(w)) continue;
        if (index[w] === -1) open(w);
        else if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      callV.pop();
      callEdge.pop();
      if (callV.length > 0) {
        const parent = callV[callV.length - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] === index[v]) {
        // Sized before it is filled: most components are one unit, and an array grown by push reserves 17 slots.
        let bottom = stack.length - 1;
        while (stack[bottom] !== v) bottom--;
        const comp = new Array<number>(stack.length - bottom);
        for (let k = 0; k < comp.length; k++) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[k] = w;
        }
        out.push(comp);
      }
    }
  }
  return out;
}

/**
 * The plan for a safe set: one step per strongly connected component, dependencies first. Every prefix of
 * the plan is closed under "needs" (a member's needs are in its own step or an earlier one) and is a subset of
 * a safe set, so the environment is safe after every step.
 */
export function planFor(model: RollbackModel, members: readonly number[]): PlanStep[] {
  const set = new Set(members);
  const byName = [...members].sort((a, b) => cmp(model.units[a].name, model.units[b].name));
  const comps = componentsDependenciesFirst(model, byName, (u) => set.has(u));
  return comps.map((comp, k) => ({
    step: k + 1,
    pacticipants: comp
      .sort((a, b) => cmp(model.units[a].name, model.units[b].name))
      .flatMap((u) => planEntries(model, u)),
  }));
}

function planEntries(model: RollbackModel, u: number): PlanEntry[] {
  const unit = model.units[u];
  const downSteps = model.downSteps[u];
  // Two literals rather than a conditional spread, which would give every entry its own hidden class in V8.
  const entries: PlanEntry[] = unit.instances.map((i) =>
    i.applicationInstance === null
      ? { name: unit.name, from: i.current, to: i.target as string }
      : { name: unit.name, applicationInstance: i.applicationInstance, from: i.current, to: i.target as string },
  );
  // The down steps of the migrations it crosses, newest first: run before the redeploy (rare, so added after).
  if (downSteps !== null)
    for (let j = 0; j < entries.length; j++) if (downSteps[j].length > 0) entries[j].migrations = downSteps[j];
  return entries;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
