/**
 * Views of the any-subset answer (issue 15). The full answer lists, for every service, the reasons of its whole
 * closure with the broken pairs behind each: megabytes at a few hundred services. `summary` keeps each service's
 * verdict, requires, conflicts and the ids of its reasons (with the services they name) and drops the pairs;
 * `only` keeps the full reports of the named services (and the warnings that involve them), so a client shows
 * the summary and fetches a service's pairs when asked. Both are projections of the same (cached) answer.
 */
import type { PacticipantReport, RollbackAnyAnswer, RollbackWarning } from '../../gate/rollback/types.ts';
import type { RollbackReason } from '../../gate/rollback/reasons.ts';

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

export interface RollbackAnySummary extends Omit<RollbackAnyAnswer, 'pacticipants' | 'warnings'> {
  detail: 'summary';
  pacticipants: SummaryReport[];
  /** How many pairs are broken in the environment as it is (the full answer lists them). */
  warningCount: number;
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

/** Summaries of cached answers: a cached answer is one object until its stamp changes, so its summary is made once. */
const summaries = new WeakMap<RollbackAnyAnswer, RollbackAnySummary>();

export function summaryOf(answer: RollbackAnyAnswer): RollbackAnySummary {
  let summary = summaries.get(answer);
  if (!summary) {
    summary = project(answer);
    summaries.set(answer, summary);
  }
  return summary;
}

function project(answer: RollbackAnyAnswer): RollbackAnySummary {
  const { pacticipants, warnings, ...rest } = answer;
  return {
    ...rest,
    detail: 'summary',
    pacticipants: pacticipants.map((p) => ({ ...p, reasons: p.reasons.map(reasonRef) })),
    warningCount: warnings.length,
  };
}

const involves = (w: RollbackWarning, names: Set<string>) => names.has(w.consumer.name) || names.has(w.provider.name);

/** The full reports of the named services only (unknown names are left out), and the warnings that involve them. */
export function onlyOf(answer: RollbackAnyAnswer, names: string[]): RollbackAnyAnswer {
  const wanted = new Set(names);
  return {
    ...answer,
    pacticipants: answer.pacticipants.filter((p) => wanted.has(p.name)),
    warnings: answer.warnings.filter((w) => involves(w, wanted)),
  };
}
