import { inList, type Program } from '../storage/sql.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

/** Read programs for pacts for verification (selectors, pending, WIP, rollback readiness). */

export interface LiveRow {
  version_id: number;
  pacticipant_id: number;
  environment: string;
  application_instance: string | null;
}

const liveColumns = {
  version_id: integer,
  pacticipant_id: integer,
  environment: text,
  application_instance: nullable(text),
};
const liveRows = rowType<LiveRow>('live version', liveColumns);
type HistoryRow = LiveRow & { id: number; undeployed_at: string | null; version_number: string };
const historyRows = rowType<HistoryRow>('deployment', {
  ...liveColumns,
  id: integer,
  undeployed_at: nullable(text),
  version_number: text,
});
type SuccessRow = { pact_version_id: number; provider_version_id: number; created_at: string; wip: number };
const successRows = rowType<SuccessRow>('successful verification', {
  pact_version_id: integer,
  provider_version_id: integer,
  created_at: text,
  wip: flag,
});
const firstUsedRow = rowType<{ t: string | null }>('tag first used', { t: nullable(text) });

/** Current deployments and supported releases of these pacticipants, in every environment. */
export function* liveVersionsOf(pacticipantIds: number[]): Program<{ deployed: LiveRow[]; released: LiveRow[] }> {
  const ids = [...new Set(pacticipantIds)];
  const deployed = yield* liveRows.all(
    `SELECT d.version_id, d.pacticipant_id, e.name AS environment, d.application_instance FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
     WHERE d.undeployed_at IS NULL AND d.pacticipant_id IN ${inList(ids)} ORDER BY d.id`,
    ids,
  );
  const released = yield* liveRows.all(
    `SELECT r.version_id, r.pacticipant_id, e.name AS environment, NULL AS application_instance FROM released_versions r JOIN environments e ON e.id = r.environment_id
     WHERE r.support_ended_at IS NULL AND r.pacticipant_id IN ${inList(ids)} ORDER BY r.id`,
    ids,
  );
  return { deployed, released };
}

/** The deployment history of these pacticipants (every environment), oldest first. */
export function* deploymentHistoryOf(pacticipantIds: number[]): Program<HistoryRow[]> {
  const ids = [...new Set(pacticipantIds)];
  return yield* historyRows.all(
    `SELECT d.id, d.version_id, d.pacticipant_id, e.name AS environment, d.application_instance, d.undeployed_at, v.number AS version_number
     FROM deployed_versions d JOIN environments e ON e.id = d.environment_id JOIN versions v ON v.id = d.version_id
     WHERE d.pacticipant_id IN ${inList(ids)} ORDER BY d.id`,
    ids,
  );
}

/**
 * Successful verifications of these pact versions by the provider, with when they happened and whether they were
 * published through a work-in-progress pact's URL (`wip`: such a result never makes a pact stop being WIP).
 */
export function* successfulVerificationsOf(pactVersionIds: number[]): Program<SuccessRow[]> {
  const ids = [...new Set(pactVersionIds)];
  return yield* successRows.all(
    `SELECT pact_version_id, provider_version_id, created_at, wip FROM verifications WHERE success = 1 AND pact_version_id IN ${inList(ids)} ORDER BY id`,
    ids,
  );
}

/** When a provider first used a tag (for pending status by tag). */
export function* tagFirstUsed(pacticipantId: number, tag: string): Program<string | undefined> {
  const row = yield* firstUsedRow.get(
    'SELECT MIN(t.created_at) AS t FROM tags t JOIN versions v ON v.id = t.version_id WHERE v.pacticipant_id = ? AND t.name = ?',
    [pacticipantId, tag],
  );
  return row?.t ?? undefined;
}
