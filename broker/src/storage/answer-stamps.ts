import { declareAnswerScope, get, run, type Program } from './sql.ts';

/**
 * Per-environment stamps of cached answers (migration 0014). A cached can-i-rollback answer for an
 * environment is valid while its stamp is: the count of writes scoped to that environment plus the count
 * of unscoped writes, read in the same snapshot as the answer's data.
 *
 * A write program that knows which environments' answers it can change (a deployment there; a pact,
 * verification or evidence of a version deployed or released there) calls `touchEnvironments(ids)`: it
 * appends one log row per environment (none for a write that touches no environment, such as the pact of a
 * version deployed nowhere) and declares the transaction scoped. Every other data write bumps the unscoped
 * stamp (the store does it, write-counter.ts `bumpStatements`), invalidating every environment's answers,
 * as every write did before. Only a write that changed data should touch: a background job that stored
 * nothing new touches nothing. The log is append-only (concurrent PostgreSQL writers never update one
 * row) and folded into `answer_stamps` by `compactAnswerStamps`, which leaves every stamp unchanged.
 */
export function* touchEnvironments(environmentIds: readonly number[]): Program<void> {
  yield* declareAnswerScope();
  const scopes = [...new Set(environmentIds)].map((id) => `env:${id}`);
  if (!scopes.length) return;
  yield* run(`INSERT INTO answer_stamp_log (scope) VALUES ${scopes.map(() => '(?)').join(', ')}`, scopes);
}

/** The stamp of an environment's cached answers, as this program's snapshot sees it. */
export function* answerStamp(environmentId: number): Program<string> {
  const scopes = ['*', `env:${environmentId}`];
  const row = yield* get<{ unscoped: number | null; scoped: number | null }>(
    `SELECT (SELECT COALESCE(SUM(n), 0) FROM answer_stamps WHERE scope = ?)
          + (SELECT COUNT(*) FROM answer_stamp_log WHERE scope = ?) AS unscoped,
            (SELECT COALESCE(SUM(n), 0) FROM answer_stamps WHERE scope = ?)
          + (SELECT COUNT(*) FROM answer_stamp_log WHERE scope = ?) AS scoped`,
    [scopes[0]!, scopes[0]!, scopes[1]!, scopes[1]!],
  );
  return `${row?.unscoped ?? 0}/${row?.scoped ?? 0}`;
}

/**
 * Folds the log into `answer_stamps`: per scope, the log rows this snapshot sees are deleted and their
 * count added to the scope's row, in one transaction, so every snapshot sees the same stamps before and
 * after. Returns the rows folded.
 */
export function* compactAnswerStamps(): Program<number> {
  const scopes = yield* allScopes();
  let folded = 0;
  for (const scope of scopes) {
    const { changes } = yield* run('DELETE FROM answer_stamp_log WHERE scope = ?', [scope]);
    if (!changes) continue;
    folded += changes;
    yield* run(
      `INSERT INTO answer_stamps (scope, n) VALUES (?, ?)
       ON CONFLICT (scope) DO UPDATE SET n = answer_stamps.n + excluded.n`,
      [scope, changes],
    );
  }
  return folded;
}

function* allScopes(): Program<string[]> {
  const rows: { scope: string }[] = [];
  // Bounded by the number of environments (plus `*`): one distinct scope each.
  let after = '';
  for (;;) {
    const r = yield* get<{ scope: string }>('SELECT MIN(scope) AS scope FROM answer_stamp_log WHERE scope > ?', [
      after,
    ]);
    if (!r?.scope) return rows.map((x) => x.scope);
    rows.push(r);
    after = r.scope;
  }
}
