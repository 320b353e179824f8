/**
 * Views of the any-subset answer (issue 15). The full answer lists, for every service, the reasons of its whole
 * closure with the broken pairs behind each: megabytes at a few hundred services. `summary` keeps each service's
 * verdict, requires, conflicts and the ids of its reasons (with the services they name) and drops the pairs;
 * `only` keeps the full reports of the named services (and the warnings that involve them), so a client shows
 * the summary and fetches a service's pairs when asked. Both are projections of the same (cached) answer.
 */
import type {
  ApiRemovedWarning,
  PacticipantReport,
  RollbackAnyAnswer,
  RollbackWarning,
} from '../../gate/rollback/types.ts';
import type { RollbackReason } from '../../gate/rollback/reasons.ts';
import { capApiWarning, renderApiRemoved } from '../../gate/rollback/index.ts';
import { message } from '../../messages.ts';

/** The any-subset answer as the broker gives it: with each provider's own rollback's API warnings (answer.ts). */
type AnyAnswer = RollbackAnyAnswer & { apiWarnings: ApiRemovedWarning[] };

/** An `api-removed-on-rollback` warning in the summary: which provider move, and how many changes, without them. */
export interface ApiWarningRef {
  id: 'api-removed-on-rollback';
  provider: string;
  from: string;
  to: string;
  status: ApiRemovedWarning['status'];
  /** How many changes the full answer lists, and how many of them some known consumer's pact uses. */
  changes: number;
  used: number;
  message: string;
}

/** The scalar facts a reason names (services, versions, a migration); `because` pairs are what the summary drops. */
const NAMED = [
  'pacticipant',
  'needs',
  'conflictsWith',
  'other',
  'more',
  'applicationInstance',
  'version',
  'migration',
] as const;

/** A reason without the pairs behind it: its id and the services it names. */
export type ReasonRef = { id: RollbackReason['id'] } & Partial<Record<(typeof NAMED)[number], string | number>>;

export interface SummaryReport extends Omit<PacticipantReport, 'reasons'> {
  reasons: ReasonRef[];
}

export interface RollbackAnySummary extends Omit<AnyAnswer, 'pacticipants' | 'warnings' | 'apiWarnings'> {
  detail: 'summary';
  pacticipants: SummaryReport[];
  /** How many pairs are broken in the environment as it is (the full answer lists them). */
  warningCount: number;
  /** Each provider rollback that removes API (or whose diff is pending), without its changes: one per provider move. */
  apiWarnings: ApiWarningRef[];
}

function reasonRef(r: RollbackReason): ReasonRef {
  const out: ReasonRef = { id: r.id };
  const fields = r as unknown as Record<string, unknown>;
  for (const k of NAMED) {
    const v = fields[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

/** One service's report as the summary gives it: its reasons as ids with their named fields. */
export const summaryReport = (p: PacticipantReport): SummaryReport => ({ ...p, reasons: p.reasons.map(reasonRef) });

/** Summaries of cached answers: a cached answer is one object until its stamp changes, so its summary is made once. */
const summaries = new WeakMap<AnyAnswer, RollbackAnySummary>();

export function summaryOf(answer: AnyAnswer): RollbackAnySummary {
  let summary = summaries.get(answer);
  if (!summary) {
    summary = project(answer);
    summaries.set(answer, summary);
  }
  return summary;
}

function project(answer: AnyAnswer): RollbackAnySummary {
  const { pacticipants, warnings, apiWarnings, ...rest } = answer;
  return {
    ...rest,
    detail: 'summary',
    pacticipants: pacticipants.map(summaryReport),
    warningCount: warnings.length,
    apiWarnings: apiWarnings.map((w) => {
      const ref = {
        id: w.id,
        provider: w.provider,
        from: w.from,
        to: w.to,
        status: w.status,
        changes: w.changes.length,
        used: w.changes.filter((c) => c.usedBy.length > 0).length,
      };
      // Pending or failed: the full message (it lists nothing); computed: the counts, not the changes.
      const text = w.status === 'computed' ? message('rollback.api-removed-summary', ref) : renderApiRemoved(w);
      return { ...ref, message: text };
    }),
  };
}

const involves = (w: RollbackWarning, names: Set<string>) => names.has(w.consumer.name) || names.has(w.provider.name);

/**
 * The full reports of the named services only (unknown names are left out), the warnings that involve them and the
 * API warnings of their own rollbacks.
 */
export function onlyOf<A extends AnyAnswer>(answer: A, names: string[]): A {
  const wanted = new Set(names);
  return {
    ...answer,
    pacticipants: answer.pacticipants.filter((p) => wanted.has(p.name)),
    warnings: answer.warnings.filter((w) => involves(w, wanted)),
    apiWarnings: answer.apiWarnings.filter((w) => wanted.has(w.provider)),
  };
}

/** How many changes an `api-removed-on-rollback` warning lists unless `detail=full` asks for all. */
export const API_CHANGES_LIMIT = 25;

/** A warning with at most API_CHANGES_LIMIT changes (those a pact uses first), its message saying how many more. */
function cappedApiWarning<W extends ApiRemovedWarning>(w: W): W {
  const capped = capApiWarning(w, API_CHANGES_LIMIT);
  return capped === w ? w : { ...capped, message: renderApiRemoved(capped) };
}

const isApiWarning = (w: unknown): w is ApiRemovedWarning => (w as { id?: unknown }).id === 'api-removed-on-rollback';

/**
 * The any-subset answer as listed unless `detail=full`: each API warning with at most API_CHANGES_LIMIT changes and
 * `moreChanges` saying how many it left out. Reports and broken pairs are as computed (their own caps apply).
 */
export function capAnyAnswer<A extends AnyAnswer>(answer: A): A {
  if (!answer.apiWarnings.some((w) => w.changes.length > API_CHANGES_LIMIT)) return answer;
  return { ...answer, apiWarnings: answer.apiWarnings.map(cappedApiWarning) };
}

/** How many reasons, warnings and pairs a set answer lists unless `detail=full` asks for all (issue 19). */
export const SET_ANSWER_LIMITS = { reasons: 25, warnings: 25, pairs: 100 } as const;

/** What a capped set answer left out of each list (present only when something was left out). */
export interface LeftOut {
  reasons?: number;
  warnings?: number;
  pairs?: number;
}

interface SetLike {
  targets: { pacticipant: string }[];
  pairs: { consumer: { name: string }; provider: { name: string }; verdict: string }[];
  warnings: unknown[];
  reasons: unknown[];
}

/** Whether a reason or a warning names one of `names` (the services rolled back, or the pair's ends). */
function mentions(x: unknown, names: Set<string>): boolean {
  const o = x as Record<string, unknown>;
  for (const k of ['pacticipant', 'needs', 'conflictsWith', 'other', 'provider'] as const) {
    const v = o[k];
    if (typeof v === 'string' && names.has(v)) return true;
  }
  if (Array.isArray(o.pacticipants) && o.pacticipants.some((n) => names.has(n as string))) return true;
  const pair = x as { consumer?: { name?: unknown }; provider?: { name?: unknown } };
  return (
    (typeof pair.consumer?.name === 'string' && names.has(pair.consumer.name)) ||
    (typeof pair.provider?.name === 'string' && names.has(pair.provider.name))
  );
}

/** The first `limit` of `xs`, those about the targets first (a stable partition), and how many were left out. */
function firstAbout<T>(xs: T[], limit: number, about: (x: T) => boolean): { kept: T[]; more: number } {
  if (xs.length <= limit) return { kept: xs, more: 0 };
  const first = xs.filter(about);
  const kept =
    first.length >= limit
      ? first.slice(0, limit)
      : [...first, ...xs.filter((x) => !about(x)).slice(0, limit - first.length)];
  return { kept, more: xs.length - kept.length };
}

/**
 * A set answer capped like the any-subset answer (issue 19): at most `SET_ANSWER_LIMITS` reasons, warnings and pairs,
 * those about the services asked for first (for pairs: the broken ones first), and `more` saying how many each list
 * left out. Ticking a hub of a blocked environment otherwise answers megabytes, nearly all about other services.
 * Summary counts, targets, the smallest safe set and the plan are never cut; `detail=full` gives every list whole.
 */
export function capSetAnswer<A extends SetLike>(answer: A): A & { more?: LeftOut } {
  const names = new Set(answer.targets.map((t) => t.pacticipant));
  const more: LeftOut = {};
  const reasons = firstAbout(answer.reasons, SET_ANSWER_LIMITS.reasons, (r) => mentions(r, names));
  const warnings = firstAbout(answer.warnings, SET_ANSWER_LIMITS.warnings, (w) => mentions(w, names));
  const pairs = firstAbout(answer.pairs, SET_ANSWER_LIMITS.pairs, (p) => p.verdict !== 'compatible');
  if (reasons.more) more.reasons = reasons.more;
  if (warnings.more) more.warnings = warnings.more;
  if (pairs.more) more.pairs = pairs.more;
  // An API warning lists at most API_CHANGES_LIMIT of its changes (`moreChanges` says how many more).
  const longApi = warnings.kept.some((w) => isApiWarning(w) && w.changes.length > API_CHANGES_LIMIT);
  if (longApi) warnings.kept = warnings.kept.map((w) => (isApiWarning(w) ? cappedApiWarning(w) : w));
  if (!reasons.more && !warnings.more && !pairs.more && !longApi) return answer;
  // Pairs keep the answer's order among those kept (broken ones were preferred, not moved).
  const keptPairs = new Set(pairs.kept);
  return {
    ...answer,
    reasons: reasons.kept,
    warnings: warnings.kept,
    pairs: answer.pairs.filter((p) => keptPairs.has(p)),
    ...(Object.keys(more).length ? { more } : {}),
  };
}
