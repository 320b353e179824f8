import { all, declareAnswerScope, get, run, type Program } from './sql.ts';

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
export function* touchEnvironments(
  environmentIds: readonly number[],
  change: StampChange | null = null,
): Program<void> {
  yield* declareAnswerScope();
  const scopes = [...new Set(environmentIds)].map((id) => `env:${id}`);
  if (!scopes.length) return;
  const detail = change === null ? null : changeDetail(change);
  yield* run(
    `INSERT INTO answer_stamp_log (scope, detail) VALUES ${scopes.map(() => '(?, ?)').join(', ')}`,
    scopes.flatMap((s) => [s, detail]),
  );
}

/**
 * What a scoped write changed, kept with its stamp (migration 0022), so that a reader that kept an environment's
 * rollback world knows what to read again: one pacticipant's deployments or releases there (`deploy`), or the pacts of
 * one of its versions (`pact`), which change its structure; or the evidence of the pairs of one provider version, of
 * one pact content, or of one pact version (`verification`, `comparison`, `subsumption`). A write that says nothing
 * (or a `deploy` or `pact` without its id, as logged before the ids were) is read as "anything".
 */
export type StampChange =
  | { kind: 'deploy'; pacticipantId: number }
  | { kind: 'pact'; versionId: number }
  | { kind: 'verification'; providerVersionId: number }
  | { kind: 'comparison'; pactSha: string }
  | { kind: 'subsumption'; pactVersionIds: readonly number[] };

function changeDetail(c: StampChange): string {
  switch (c.kind) {
    case 'deploy':
      return `deploy:${c.pacticipantId}`;
    case 'pact':
      return `pact:${c.versionId}`;
    case 'verification':
      return `verification:${c.providerVersionId}`;
    case 'comparison':
      return `comparison:${c.pactSha}`;
    case 'subsumption':
      return `subsumption:${c.pactVersionIds.join(',')}`;
  }
}

/** A stored change's detail read back; undefined for a detail this code does not know (or none). */
export function parseChange(detail: string | null): StampChange | undefined {
  const colon = detail?.indexOf(':') ?? -1;
  if (detail === null || colon < 0) return undefined;
  const kind = detail.slice(0, colon);
  const rest = detail.slice(colon + 1);
  if (kind === 'deploy' && /^\d+$/.test(rest)) return { kind, pacticipantId: Number(rest) };
  if (kind === 'pact' && /^\d+$/.test(rest)) return { kind, versionId: Number(rest) };
  if (kind === 'verification' && /^\d+$/.test(rest)) return { kind, providerVersionId: Number(rest) };
  if (kind === 'comparison' && rest) return { kind, pactSha: rest };
  if (kind === 'subsumption' && /^\d+(,\d+)*$/.test(rest)) return { kind, pactVersionIds: rest.split(',').map(Number) };
  return undefined;
}

/** The counts behind an environment's stamp, the last change logged for it, and the changes logged after `afterId`. */
export interface StampChanges {
  unscoped: number;
  scoped: number;
  lastId: number;
  changes: { id: number; detail: string | null }[];
}

/**
 * An environment's stamp as counts, with the changes logged for it after `afterId` (at most `limit` + 1: more than
 * `limit` say "too many to apply"), all in this program's snapshot. The changes are a range of the (scope, id) index.
 */
export function* stampChangesSince(environmentId: number, afterId: number, limit: number): Program<StampChanges> {
  const scope = `env:${environmentId}`;
  const row = yield* get<{ unscoped: number | string | null; scoped: number | string | null; last: number | null }>(
    `SELECT (SELECT COALESCE(SUM(n), 0) FROM answer_stamps WHERE scope = '*')
          + (SELECT COUNT(*) FROM answer_stamp_log WHERE scope = '*') AS unscoped,
            (SELECT COALESCE(SUM(n), 0) FROM answer_stamps WHERE scope = ?)
          + (SELECT COUNT(*) FROM answer_stamp_log WHERE scope = ?) AS scoped,
            (SELECT MAX(id) FROM answer_stamp_log WHERE scope = ?) AS last`,
    [scope, scope, scope],
  );
  const last = Number(row?.last ?? 0);
  const changes =
    last > afterId
      ? yield* all<{ id: number; detail: string | null }>(
          'SELECT id, detail FROM answer_stamp_log WHERE scope = ? AND id > ? ORDER BY id LIMIT ?',
          [scope, afterId, limit + 1],
        )
      : [];
  return {
    unscoped: Number(row?.unscoped ?? 0),
    scoped: Number(row?.scoped ?? 0),
    lastId: last,
    changes: changes.map((c) => ({ id: Number(c.id), detail: c.detail })),
  };
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
 * The newest log rows of each environment left unfolded: a reader that kept a world from them brings it up to date
 * from the changes after its last one (domain/rollback/world-memo.ts, which reads a world whole when it is further
 * behind than this anyway). Folding them too made every kept world on PostgreSQL be read whole after each compaction.
 */
export const CHANGES_KEPT_PER_SCOPE = 1000;

/** Most log rows one fold deletes per scope: a transaction of bounded size, whatever the log holds. */
export const FOLD_BATCH = 10_000;

/**
 * Folds the log into `answer_stamps`: per scope, the oldest log rows this snapshot sees (at most `batch`) are deleted
 * and their count added to the scope's row, in one transaction, so every snapshot sees the same stamps before and
 * after. An environment's newest `keep` rows stay (their details are what kept worlds apply); unscoped rows carry none
 * and may all go. Returns the rows folded: `batch` or more says there may be more to fold (a log that was never
 * folded, as SQLite's before, is folded over several transactions, none of them long).
 */
export function* compactAnswerStamps(keep = CHANGES_KEPT_PER_SCOPE, batch = FOLD_BATCH): Program<number> {
  const scopes = yield* allScopes();
  let folded = 0;
  for (const scope of scopes) {
    const keeping = scope === '*' ? 0 : keep;
    const { changes } = yield* run(
      `DELETE FROM answer_stamp_log WHERE id IN (
         SELECT id FROM answer_stamp_log WHERE scope = ?
            AND id <= COALESCE((SELECT id FROM answer_stamp_log WHERE scope = ? ORDER BY id DESC LIMIT 1 OFFSET ?), -1)
          ORDER BY id LIMIT ?)`,
      [scope, scope, keeping, batch],
    );
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
