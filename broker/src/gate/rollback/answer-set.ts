/**
 * can-i-rollback for one set S: is rolling back S safe, which pairs it creates, the smallest safe set
 * containing S, and the plan. Linear in the size of the clause graph.
 */
import { buildModel, type RollbackModel } from './model.ts';
import { Marks, cmp, needsClosure, planFor, violations } from './graph.ts';
import { byPair, pairsOfRollback } from './pairs.ts';
import { renderReason } from './catalogue.ts';
import { apiRemovedWarnings } from './api-removed.ts';
import type { RollbackReason } from './reasons.ts';
import type {
  ApiRemovedWarning,
  RollbackSetAnswer,
  RollbackSetQuery,
  RollbackTarget,
  RollbackWorld,
  TargetReport,
} from './types.ts';

export function canIRollbackSet(world: RollbackWorld, query: RollbackSetQuery): RollbackSetAnswer {
  return answerSet(buildModel(world, query), query.targets);
}

/**
 * What rolling back the targets removes from their APIs (`api-removed-on-rollback`): warnings for clients without a
 * pact, never a failure. From the answer's targets and the world's stored diffs and pacts.
 */
export function apiWarningsOfSet(world: RollbackWorld, answer: RollbackSetAnswer): ApiRemovedWarning[] {
  if (!world.apiChanges?.length) return [];
  const moves = answer.targets.flatMap((t) =>
    t.to === null || t.to === t.from ? [] : [{ provider: t.pacticipant, from: t.from, to: t.to }],
  );
  return apiRemovedWarnings(moves, world.apiChanges, world.pactUsage ?? []);
}

/** The set answer from a model built with the same targets (explicit versions are part of the model). */
export function answerSet(model: RollbackModel, targets: readonly RollbackTarget[]): RollbackSetAnswer {
  const asked = new Set(targets.map((t) => t.pacticipant));
  const names = [...asked];
  const members = names.map((n) => model.byName.get(n)).filter((u): u is number => u !== undefined);
  const inS = new Set(members);
  const isMember = (u: number) => inS.has(u);

  const marks = new Marks(model.units.length);
  const closure = needsClosure(model, members, marks);
  const inClosure = (u: number) => marks.mark[u] === closure.stamp;
  const closureViolations = violations(model, closure.members, inClosure);
  const ownViolations = violations(model, members, isMember);
  const unknownTargets = model.targetProblems;
  const closed = closure.members.length === members.length;
  const rollbackable = unknownTargets.length === 0 && ownViolations.length === 0 && closed;
  const minimalSafeSet =
    unknownTargets.length === 0 && closureViolations.length === 0
      ? closure.members.map((u) => model.units[u].name).sort(cmp)
      : null;

  const { created, ignored, warnings } = pairsOfRollback(model, isMember);
  const count = (v: string) => created.filter((p) => p.verdict === v).length;
  const pairs = [...created, ...ignored].sort(byPair);
  const compatible = count('compatible');
  const incompatible = count('incompatible');
  const unknown = count('unknown');

  const plan = rollbackable ? planFor(model, members) : minimalSafeSet !== null ? planFor(model, closure.members) : [];

  const summaryReason: RollbackReason = rollbackable
    ? { id: 'set-safe', pacticipants: names, compatible }
    : {
        id: 'set-unsafe',
        pacticipants: names,
        incompatible,
        unknown,
        withoutTarget: names.filter((n) => {
          const u = model.byName.get(n);
          return u === undefined || !model.units[u].hasTarget;
        }),
        irreversible: names.filter((n) => {
          const u = model.byName.get(n);
          return u !== undefined && model.irreversible[u];
        }),
        missing: minimalSafeSet === null ? [] : minimalSafeSet.filter((n) => !asked.has(n)),
        minimalSafeSet,
      };
  // Why: the query's own problems, S's violated clauses, the "needs" that lead out of S, and (when no safe set
  // exists) what the closure ran into. Model reasons are shared objects, so a Set removes repeats.
  const leaving = members.flatMap((u) => model.needs[u].filter((e) => !isMember(e.to)).map((e) => e.reason));
  const reasons = [
    ...new Set<RollbackReason>([
      summaryReason,
      ...unknownTargets,
      ...ownViolations,
      ...leaving,
      ...(minimalSafeSet === null ? closureViolations : []),
    ]),
  ];

  const targetReports: TargetReport[] = members.flatMap((u) =>
    model.units[u].instances.map((i) =>
      i.applicationInstance === null
        ? { pacticipant: model.units[u].name, from: i.current, to: i.target }
        : {
            pacticipant: model.units[u].name,
            applicationInstance: i.applicationInstance,
            from: i.current,
            to: i.target,
          },
    ),
  );

  return {
    summary: {
      rollbackable,
      reason: renderReason(summaryReason),
      compatible,
      incompatible,
      unknown,
      ignored: ignored.length,
    },
    environment: model.environment,
    targets: targetReports,
    pairs,
    minimalSafeSet,
    plan,
    warnings,
    reasons,
  };
}
