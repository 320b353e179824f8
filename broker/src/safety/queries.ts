/** What the rollback-safety pages, badges and API read (issue 21). */
import { environmentByNameOr404 } from '../domain/lookup.ts';
import type { Program } from '../storage/sql.ts';
import { changesOf, storedVerdicts } from './repository.ts';

export interface SafetyView {
  environment: string;
  /** False until the environment's first evaluation (nothing deployed since the broker started watching). */
  evaluated: boolean;
  pacticipants: Array<{ name: string; verdict: string; reason: string }>;
  changes: Array<{
    pacticipant: string;
    previousVerdict: string | null;
    verdict: string;
    reason: string;
    writes: string[];
    changedAt: string;
  }>;
}

/** The environment's kept verdicts and its latest `limit` changes, newest first (404 for an unknown environment). */
export function* safetyOf(environment: string, limit = 50): Program<SafetyView> {
  const env = yield* environmentByNameOr404(environment);
  const verdicts = yield* storedVerdicts(env.id);
  const changes = yield* changesOf(env.id, limit);
  return {
    environment: env.name,
    evaluated: verdicts.length > 0 || changes.length > 0,
    pacticipants: verdicts.map((v) => ({ name: v.pacticipant, verdict: v.verdict, reason: v.reason })),
    changes: changes.map((c) => ({
      pacticipant: c.pacticipant,
      previousVerdict: c.previous_verdict,
      verdict: c.verdict,
      reason: c.reason,
      writes: JSON.parse(c.writes) as string[],
      changedAt: c.changed_at,
    })),
  };
}
