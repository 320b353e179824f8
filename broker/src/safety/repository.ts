/** The stored rollback-safety verdicts, their changes and the per-environment counts (migration 0020). */
import { nowIso } from '../repositories/clock.ts';
import { integer, nullable, rowType, text } from '../repositories/decode.ts';
import { run, type Program } from '../storage/sql.ts';

export interface StoredVerdict {
  pacticipant_id: number;
  pacticipant: string;
  verdict: string;
  reason: string;
}

const verdictRows = rowType<StoredVerdict>('rollback safety', {
  pacticipant_id: integer,
  pacticipant: text,
  verdict: text,
  reason: text,
});

export function* storedVerdicts(environmentId: number): Program<StoredVerdict[]> {
  return yield* verdictRows.all(
    `SELECT s.pacticipant_id, p.name AS pacticipant, s.verdict, s.reason FROM rollback_safety s
     JOIN pacticipants p ON p.id = s.pacticipant_id WHERE s.environment_id = ? ORDER BY p.name`,
    [environmentId],
  );
}

/** Stores a service's verdict (its `evaluated_at`: when it was last stored, which is when it or its reason changed). */
export function* saveVerdict(environmentId: number, pacticipantId: number, verdict: string, reason: string) {
  const now = nowIso();
  yield* run(
    `INSERT INTO rollback_safety (environment_id, pacticipant_id, verdict, reason, evaluated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (environment_id, pacticipant_id) DO UPDATE SET verdict = ?, reason = ?, evaluated_at = ?`,
    [environmentId, pacticipantId, verdict, reason, now, verdict, reason, now],
  );
}

export function* dropVerdict(environmentId: number, pacticipantId: number) {
  yield* run('DELETE FROM rollback_safety WHERE environment_id = ? AND pacticipant_id = ?', [
    environmentId,
    pacticipantId,
  ]);
}

export function* addChange(c: {
  environmentId: number;
  pacticipantId: number;
  previous: string | null;
  verdict: string;
  reason: string;
  writes: string[];
}) {
  yield* run(
    `INSERT INTO rollback_safety_changes (environment_id, pacticipant_id, previous_verdict, verdict, reason, writes, changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [c.environmentId, c.pacticipantId, c.previous, c.verdict, c.reason, JSON.stringify(c.writes), nowIso()],
  );
}

const evaluatedRows = rowType<{ evaluated_at: string }>('rollback safety evaluation', { evaluated_at: text });

/**
 * When the environment was last evaluated (null: never), and records this evaluation with its unknown-pair count, as of
 * `asOf`: the time the evaluation began reading, not when it stores, so a write that commits while it computes is
 * counted among the writes since this evaluation (the next one shows it), never lost between the two.
 */
export function* markEvaluated(environmentId: number, unknownPairs: number, asOf: string): Program<string | null> {
  const [before] = yield* evaluatedRows.all(
    'SELECT evaluated_at FROM rollback_safety_environments WHERE environment_id = ?',
    [environmentId],
  );
  yield* run(
    `INSERT INTO rollback_safety_environments (environment_id, unknown_pairs, evaluated_at) VALUES (?, ?, ?)
     ON CONFLICT (environment_id) DO UPDATE SET unknown_pairs = ?, evaluated_at = ?`,
    [environmentId, unknownPairs, asOf, unknownPairs, asOf],
  );
  return before?.evaluated_at ?? null;
}

const writeRows = rowType<{ action: string; subject: string; occurred_at: string }>('audited write', {
  action: text,
  subject: text,
  occurred_at: text,
});

/** The writes audited since `since` (the newest `limit`, oldest first): what changed a verdict. */
export function* writesSince(since: string | null, limit: number): Program<string[]> {
  const rows = yield* writeRows.all(
    `SELECT action, subject, occurred_at FROM audit_log WHERE occurred_at > ? AND action NOT LIKE 'access.%' AND action NOT LIKE 'rollback-safety.%'
     ORDER BY id DESC LIMIT ?`,
    [since ?? '', limit],
  );
  return rows.reverse().map((r) => `${r.occurred_at} ${r.action}: ${r.subject}`);
}

export interface SafetyChange {
  pacticipant: string;
  previous_verdict: string | null;
  verdict: string;
  reason: string;
  writes: string;
  changed_at: string;
}

const changeRows = rowType<SafetyChange>('rollback safety change', {
  pacticipant: text,
  previous_verdict: nullable(text),
  verdict: text,
  reason: text,
  writes: text,
  changed_at: text,
});

/** The environment's timeline, newest first. */
export function* changesOf(environmentId: number, limit: number): Program<SafetyChange[]> {
  return yield* changeRows.all(
    `SELECT p.name AS pacticipant, c.previous_verdict, c.verdict, c.reason, c.writes, c.changed_at
     FROM rollback_safety_changes c JOIN pacticipants p ON p.id = c.pacticipant_id
     WHERE c.environment_id = ? ORDER BY c.id DESC LIMIT ?`,
    [environmentId, limit],
  );
}

const gaugeRows = rowType<{ environment: string; verdict: string; n: number }>('rollback safety gauge', {
  environment: text,
  verdict: text,
  n: integer,
});
const unknownRows = rowType<{ environment: string; n: number }>('rollback unknown pairs', {
  environment: text,
  n: integer,
});

/** Per environment and verdict, how many pacticipants; and each evaluated environment's unknown pairs (for /metrics). */
export function* safetyGauges(): Program<{
  verdicts: Array<{ environment: string; verdict: string; n: number }>;
  unknownPairs: Array<{ environment: string; n: number }>;
}> {
  return {
    verdicts: yield* gaugeRows.all(
      `SELECT e.name AS environment, s.verdict, COUNT(*) AS n FROM rollback_safety s
       JOIN environments e ON e.id = s.environment_id GROUP BY e.name, s.verdict ORDER BY e.name, s.verdict`,
    ),
    unknownPairs: yield* unknownRows.all(
      `SELECT e.name AS environment, x.unknown_pairs AS n FROM rollback_safety_environments x
       JOIN environments e ON e.id = x.environment_id ORDER BY e.name`,
    ),
  };
}
