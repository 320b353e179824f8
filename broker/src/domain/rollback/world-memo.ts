/**
 * An environment's rollback world, kept by the store between questions and brought up to date from what changed
 * (issue 15): every can-i-rollback question of an environment without a wide target, every any-subset answer and every
 * rollback-safety evaluation reads the same world, and at 150,000 versions reading it whole took 90 ms alone and
 * several hundred under load, most of it the evidence of its 6,000 pairs, while between two questions a few pairs'
 * evidence changed.
 *
 * What is kept is checked against the environment's answer stamp in the question's own snapshot
 * (storage/answer-stamps.ts): the stamp counts the writes that can change the environment's answers, and each scoped
 * write logs what it changed (`StampChange`). From the changes logged since the kept world was read:
 *  - a deployment or a pact there (`deploy`, `pact`): the structure (units, pacts, pairs) is brought up to date, reading
 *    again the lanes of the pacticipants deployed and the pacts of the versions published (structure.ts); the evidence
 *    of pairs still in play is kept unless a change below touches it;
 *  - a verification by a provider version: every pair of that provider version is read again (its direct evidence,
 *    a subsumption proof or a pending check all read that provider version's verifications);
 *  - a stored comparison of a pact content: every pair of that content; a subsumption check: every pair of either pact;
 *  - a write that did not say what it changed, an unscoped write (a delete, a rename, a contract, ...), changes the log
 *    no longer holds (folded by the maintenance task) or too many of them: everything is read again.
 * A pair whose evidence is still being computed (evidence/resolve.ts `PROVISIONAL_REASONS`) is read every time. An
 * unknown pair can turn pending without a stamp moving, when a subsumption check of its pact is queued, so the unknown
 * pairs of a pact with a check queued since are read again: on SQLite the checks queued since the kept world was read
 * (a range of the jobs' ids, which its one writer commits in order); on PostgreSQL, where concurrent writers commit ids
 * out of order, the checks queued or running now (the backlog of checks, one range of the jobs' claim index).
 *
 * A kept world is never changed: a question that brings it up to date keeps a new one, so a PostgreSQL read that
 * interleaves with another never sees half of an update. Each store (and each reader thread) keeps its own.
 */
import {
  CHANGES_KEPT_PER_SCOPE,
  parseChange,
  stampChangesSince,
  type StampChange,
} from '../../storage/answer-stamps.ts';
import { dialect, storeMemo, type Program } from '../../storage/sql.ts';
import { pactsBeingChecked, subsumptionChecksQueuedSince } from '../evidence/queries.ts';
import {
  evidenceKey,
  isProvisional,
  resolveEvidence,
  type EvidenceQuery,
  type PairEvidence,
} from '../evidence/resolve.ts';
import type { StructureDelta } from './structure.ts';

/**
 * More changes than this since the kept world was read: reading it again is as cheap as applying them. The stamp log
 * keeps this many rows per environment when it is folded (storage/answer-stamps.ts).
 */
export const MAX_CHANGES = CHANGES_KEPT_PER_SCOPE;
/** Environments kept per store (or reader thread); the least recently asked goes first. */
export const KEPT_ENVIRONMENTS = 16;

interface Kept<S> {
  /** When a question last asked for it (Date.now()); an idle refresh does not count. */
  askedAt: number;
  unscoped: number;
  scoped: number;
  lastId: number;
  /** SQLite: the last job seen; PostgreSQL: undefined (job ids are not committed in order there). */
  lastJobId: number | undefined;
  structure: S;
  /** The kept evidence of the structure's pairs, in their order (undefined: still being computed when read). */
  evidence: readonly (PairEvidence | undefined)[];
  /** How the question that kept it brought it up to date. */
  stats: KeptWorldStats;
}

/** How the world of one environment was brought up to date: for tests and the benchmark. */
export interface KeptWorldStats {
  /** Not at all, the part a deployment or pact changed (structure.ts `StructureDelta`), or whole. */
  structureRead: false | 'part' | 'whole';
  pairs: number;
  pairsRead: number;
}

/** How the last question of an environment brought this store's world of it up to date (none kept: undefined). */
export function* keptWorldStats(environmentId: number): Program<KeptWorldStats | undefined> {
  return (yield* storeMemo<Kept<unknown>>(MEMO)).get(String(environmentId))?.stats;
}

/** The store memo (storage/sql.ts `storeMemo`) the kept worlds are in, by environment id. */
export const KEPT_WORLDS = 'rollback-world';
const MEMO = KEPT_WORLDS;

/**
 * The environment's structure and the evidence of its pairs (`evidence[i]` is that of `structure.queries[i]`), from
 * what this store kept where it is still valid. `read` reads the structure afresh; it must not depend on the question.
 */
export function* keptWorld<S extends { queries: readonly EvidenceQuery[] }>(
  environmentId: number,
  read: (base?: { structure: S; delta: StructureDelta }) => Program<S>,
  refresh?: Kept<S>,
): Program<{ structure: S; evidence: PairEvidence[] }> {
  const memo = yield* storeMemo<Kept<S>>(MEMO);
  const key = String(environmentId);
  const prev = refresh ?? memo.get(key);
  const now = yield* stampChangesSince(environmentId, prev?.lastId ?? Number.MAX_SAFE_INTEGER, MAX_CHANGES);
  const changes = prev && applicable(prev, now);
  const jobs =
    (yield* dialect()) === 'sqlite'
      ? yield* subsumptionChecksQueuedSince(prev?.lastJobId ?? Number.MAX_SAFE_INTEGER, MAX_CHANGES)
      : undefined;

  const delta = changes && structureDelta(changes);
  const kept = prev && changes && (delta ? 'evidence' : 'all');
  const structure =
    kept === 'all' ? prev!.structure : yield* read(kept ? { structure: prev!.structure, delta: delta! } : undefined);
  const { queries } = structure;
  // The kept evidence still valid, in the order of this structure's pairs (undefined: to read).
  let reusable: (PairEvidence | undefined)[] = new Array(queries.length);
  if (prev && changes) {
    const touched = touchedBy(changes);
    // SQLite: the unknown pairs whose pact a subsumption check queued since may prove (too many: every unknown pair).
    const checked =
      jobs && (jobs.checks.length <= MAX_CHANGES ? new Set(jobs.checks.map((c) => c.pactVersionId)) : 'all');
    const valid = (q: EvidenceQuery, e: PairEvidence | undefined) =>
      e !== undefined &&
      !touched(q) &&
      !(e.verdict === 'unknown' && (checked === 'all' || checked?.has(q.pactVersionId) === true));
    if (kept === 'all') reusable = queries.map((q, i) => (valid(q, prev.evidence[i]) ? prev.evidence[i] : undefined));
    else {
      // A new structure: what is still valid carried over by pair, for the pairs still in play.
      // By pact version, then provider version: numbers, not 6,000 string keys built twice.
      const byPair = new Map<number, Map<number, PairEvidence>>();
      prev.structure.queries.forEach((q, i) => {
        const e = prev.evidence[i];
        if (!valid(q, e)) return;
        const ofPact = byPair.get(q.pactVersionId) ?? new Map<number, PairEvidence>();
        byPair.set(q.pactVersionId, ofPact);
        ofPact.set(q.providerVersionId, e!);
      });
      reusable = queries.map((q) => byPair.get(q.pactVersionId)?.get(q.providerVersionId));
    }
    if (!jobs) yield* forgetUnknownBeingChecked(queries, reusable);
  }

  const missing = queries.filter((_, i) => reusable[i] === undefined);
  const fresh = yield* resolveEvidence(missing);
  const evidence = queries.map((q, i) => reusable[i] ?? fresh.get(evidenceKey(q.pactVersionId, q.providerVersionId))!);
  const stats: KeptWorldStats = {
    structureRead: kept === 'all' ? false : kept ? 'part' : 'whole',
    pairs: queries.length,
    pairsRead: missing.length,
  };
  // A refresh keeps its place among the kept environments, when it was asked and how its question read it.
  if (!refresh) memo.delete(key);
  memo.set(key, {
    askedAt: refresh ? refresh.askedAt : Date.now(),
    unscoped: now.unscoped,
    scoped: now.scoped,
    lastId: now.lastId,
    lastJobId: jobs?.lastId,
    structure,
    evidence: evidence.map((e) => (isProvisional(e) ? undefined : e)),
    stats: refresh ? refresh.stats : stats,
  });
  while (memo.size > KEPT_ENVIRONMENTS) memo.delete(memo.keys().next().value!);
  return { structure, evidence };
}

/** How long after its last question a reader thread keeps bringing an environment's world up to date when idle. */
export const REFRESH_FOR_MS = 5 * 60_000;

/**
 * Brings this store's kept world of an environment up to date without a question (a reader thread's idle program:
 * storage/sql.ts `whenIdle`), so the next question applies a second's changes rather than all those since the last
 * one: at 150,000 versions under the mixed load some 75 changes a second reach production, and a thread that had not
 * answered for it in ten seconds read hundreds of pairs again, or the whole world. Returns false (stop) when nothing
 * is kept or no question asked for it in the last `REFRESH_FOR_MS`.
 */
export function* refreshKeptWorld<S extends { queries: readonly EvidenceQuery[] }>(
  environmentId: number,
  read: (base?: { structure: S; delta: StructureDelta }) => Program<S>,
): Program<boolean> {
  const prev = (yield* storeMemo<Kept<S>>(MEMO)).get(String(environmentId));
  if (!prev || Date.now() - prev.askedAt > REFRESH_FOR_MS) return false;
  // Only what can be applied: a world to be read whole (an unscoped write, a fold, too many changes) is left to the
  // next question, so an idle thread never reads every kept world whole at once.
  const now = yield* stampChangesSince(environmentId, prev.lastId, MAX_CHANGES);
  if (!applicable(prev, now)) return true;
  yield* keptWorld(environmentId, read, prev);
  return true;
}

/**
 * PostgreSQL: forgets the unknown pairs whose pact has a subsumption check queued or running (it may make them
 * pending), as read in this snapshot.
 */
function* forgetUnknownBeingChecked(queries: readonly EvidenceQuery[], reusable: (PairEvidence | undefined)[]) {
  if (!reusable.some((e) => e?.verdict === 'unknown')) return;
  const checked = yield* pactsBeingChecked();
  if (!checked.size) return;
  queries.forEach((q, i) => {
    if (reusable[i]?.verdict === 'unknown' && checked.has(q.pactVersionId)) reusable[i] = undefined;
  });
}

/**
 * The changes since `prev` was read, when they are all there and all known: the same unscoped count, and the
 * environment's count moved by exactly the changes logged after `prev` (fewer: some were folded, or `prev` is from a
 * later snapshot than this program's). Undefined when the world must be read whole.
 */
function applicable<S>(
  prev: Kept<S>,
  now: { unscoped: number; scoped: number; changes: { detail: string | null }[] },
): StampChange[] | undefined {
  if (now.unscoped !== prev.unscoped) return undefined;
  if (now.changes.length > MAX_CHANGES || now.scoped - prev.scoped !== now.changes.length) return undefined;
  const out: StampChange[] = [];
  for (const c of now.changes) {
    const change = parseChange(c.detail);
    if (!change) return undefined;
    out.push(change);
  }
  return out;
}

/** The pacticipants deployed and the versions published in these changes; undefined when there are none. */
function structureDelta(changes: readonly StampChange[]): StructureDelta | undefined {
  const deployed = new Set<number>();
  const published = new Set<number>();
  for (const c of changes) {
    if (c.kind === 'deploy') deployed.add(c.pacticipantId);
    else if (c.kind === 'pact') published.add(c.versionId);
  }
  return deployed.size || published.size ? { deployed, published } : undefined;
}

/** Whether a pair's kept evidence may have changed with these changes. */
function touchedBy(changes: readonly StampChange[]): (q: EvidenceQuery) => boolean {
  const providerVersions = new Set<number>();
  const shas = new Set<string>();
  const pacts = new Set<number>();
  for (const c of changes) {
    if (c.kind === 'verification') providerVersions.add(c.providerVersionId);
    else if (c.kind === 'comparison') shas.add(c.pactSha);
    else if (c.kind === 'subsumption') for (const id of c.pactVersionIds) pacts.add(id);
  }
  return (q) => providerVersions.has(q.providerVersionId) || shas.has(q.pactSha) || pacts.has(q.pactVersionId);
}
