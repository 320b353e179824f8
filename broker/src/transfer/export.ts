import { all, type Program, type Row } from '../storage/sql.ts';
import {
  FORMAT,
  KINDS,
  recordSchemas,
  SCHEMA_VERSION,
  zeroCounts,
  type Counts,
  type Kind,
  type RecordOf,
} from './records.ts';

/** Rows per query: memory stays bounded by one page, whatever the size of the broker. */
const PAGE = 500;

/**
 * Per kind: the SELECT of its rows (the record's fields, quoted camelCase aliases, and `k`, the id of the row that
 * orders and pages it), and the columns stored as 0/1 that the record carries as booleans.
 */
const SOURCES: Record<Kind, { select: string; key: string; flags?: string[] }> = {
  pacticipant: {
    select: `SELECT p.id AS k, p.name, p.display_name AS "displayName", p.main_branch AS "mainBranch",
      p.repository_url AS "repositoryUrl", p.repository_name AS "repositoryName",
      p.repository_namespace AS "repositoryNamespace", p.created_at AS "createdAt", p.updated_at AS "updatedAt"
      FROM pacticipants p`,
    key: 'p.id',
  },
  label: {
    select: `SELECT l.id AS k, p.name AS pacticipant, l.name, l.created_at AS "createdAt"
      FROM labels l JOIN pacticipants p ON p.id = l.pacticipant_id`,
    key: 'l.id',
  },
  environment: {
    select: `SELECT e.id AS k, e.uuid, e.name, e.display_name AS "displayName", e.production, e.contacts,
      e.created_at AS "createdAt", e.updated_at AS "updatedAt" FROM environments e`,
    key: 'e.id',
    flags: ['production'],
  },
  version: {
    select: `SELECT v.id AS k, p.name AS pacticipant, v.number, v.build_url AS "buildUrl", v.created_at AS "createdAt",
      v.updated_at AS "updatedAt" FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id`,
    key: 'v.id',
  },
  branch: {
    select: `SELECT b.id AS k, p.name AS pacticipant, b.name, b.created_at AS "createdAt"
      FROM branches b JOIN pacticipants p ON p.id = b.pacticipant_id`,
    key: 'b.id',
  },
  branchVersion: {
    select: `SELECT bv.id AS k, p.name AS pacticipant, b.name AS branch, v.number AS version, bv.created_at AS "createdAt"
      FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id JOIN versions v ON v.id = bv.version_id
      JOIN pacticipants p ON p.id = b.pacticipant_id`,
    key: 'bv.id',
  },
  tag: {
    select: `SELECT t.id AS k, p.name AS pacticipant, v.number AS version, t.name, t.created_at AS "createdAt"
      FROM tags t JOIN versions v ON v.id = t.version_id JOIN pacticipants p ON p.id = v.pacticipant_id`,
    key: 't.id',
  },
  pactVersion: {
    select: `SELECT pv.id AS k, c.name AS consumer, pr.name AS provider, pv.sha, pv.content, pv.spec_version AS "specVersion",
      pv.interaction_count AS "interactionCount", pv.created_at AS "createdAt"
      FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants pr ON pr.id = pv.provider_id`,
    key: 'pv.id',
  },
  pactPublication: {
    select: `SELECT pp.id AS k, c.name AS consumer, v.number AS "consumerVersion", pr.name AS provider, pv.sha,
      pp.revision, pp.created_at AS "createdAt"
      FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
      JOIN pacticipants c ON c.id = v.pacticipant_id JOIN pacticipants pr ON pr.id = pp.provider_id
      JOIN pact_versions pv ON pv.id = pp.pact_version_id`,
    key: 'pp.id',
  },
  verification: {
    select: `SELECT vr.id AS k, c.name AS consumer, pr.name AS provider, pv.sha, v.number AS "providerVersion",
      vr.success, vr.build_url AS "buildUrl", vr.test_results AS "testResults", vr.verified_by AS "verifiedBy",
      vr.failures, vr.wip, vr.created_at AS "createdAt"
      FROM verifications vr JOIN pact_versions pv ON pv.id = vr.pact_version_id
      JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants pr ON pr.id = pv.provider_id
      JOIN versions v ON v.id = vr.provider_version_id`,
    key: 'vr.id',
    flags: ['success', 'wip'],
  },
  providerContract: {
    select: `SELECT pc.id AS k, p.name AS provider, v.number AS "providerVersion", pc.content_sha AS "contentSha", pc.content,
      pc.content_type AS "contentType", pc.specification, pc.document, pc.self_verification AS "selfVerification",
      pc.created_at AS "createdAt"
      FROM provider_contracts pc JOIN pacticipants p ON p.id = pc.provider_id JOIN versions v ON v.id = pc.provider_version_id`,
    key: 'pc.id',
  },
  deployedVersion: {
    select: `SELECT d.id AS k, d.uuid, p.name AS pacticipant, v.number AS version, e.name AS environment,
      d.application_instance AS "applicationInstance", d.undeployed_at AS "undeployedAt", d.created_at AS "createdAt"
      FROM deployed_versions d JOIN pacticipants p ON p.id = d.pacticipant_id JOIN versions v ON v.id = d.version_id
      JOIN environments e ON e.id = d.environment_id`,
    key: 'd.id',
  },
  releasedVersion: {
    select: `SELECT r.id AS k, r.uuid, p.name AS pacticipant, v.number AS version, e.name AS environment,
      r.support_ended_at AS "supportEndedAt", r.created_at AS "createdAt"
      FROM released_versions r JOIN pacticipants p ON p.id = r.pacticipant_id JOIN versions v ON v.id = r.version_id
      JOIN environments e ON e.id = r.environment_id`,
    key: 'r.id',
  },
  versionMigration: {
    select: `SELECT m.id AS k, p.name AS pacticipant, v.number AS version, m.migration_id AS "migrationId", m.reversible,
      m.down, m.created_at AS "createdAt" FROM version_migrations m JOIN versions v ON v.id = m.version_id
      JOIN pacticipants p ON p.id = v.pacticipant_id`,
    key: 'm.id',
    flags: ['reversible'],
  },
  versionRequirement: {
    select: `SELECT q.id AS k, p.name AS pacticipant, v.number AS version, r.name AS required, q.at_least AS "atLeast",
      q.semver_range AS "semverRange", q.created_at AS "createdAt", q.updated_at AS "updatedAt"
      FROM version_requirements q JOIN versions v ON v.id = q.version_id JOIN pacticipants p ON p.id = v.pacticipant_id
      JOIN pacticipants r ON r.id = q.required_id`,
    key: 'q.id',
  },
  rollbackVerdict: {
    select: `SELECT CAST(s.environment_id AS BIGINT) * 1000000000 + s.pacticipant_id AS k, e.name AS environment, p.name AS pacticipant,
      s.verdict, s.reason
      FROM rollback_safety s JOIN environments e ON e.id = s.environment_id JOIN pacticipants p ON p.id = s.pacticipant_id`,
    key: 'CAST(s.environment_id AS BIGINT) * 1000000000 + s.pacticipant_id',
  },
  verificationRequest: {
    select: `SELECT q.id AS k, c.name AS consumer, pr.name AS provider, pv.sha, v.number AS "providerVersion", q.reason,
      q.first_requested_at AS "firstRequestedAt", q.requested_at AS "requestedAt", q.request_count AS "requestCount"
      FROM verification_requests q JOIN pact_versions pv ON pv.id = q.pact_version_id
      JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants pr ON pr.id = pv.provider_id
      JOIN versions v ON v.id = q.provider_version_id`,
    key: 'q.id',
  },
  webhook: {
    select: `SELECT w.id AS k, w.uuid, w.description, w.consumer_name AS "consumerName", w.consumer_label AS "consumerLabel",
      w.provider_name AS "providerName", w.provider_label AS "providerLabel", w.enabled, w.events, w.request,
      w.created_at AS "createdAt", w.updated_at AS "updatedAt" FROM webhooks w`,
    key: 'w.id',
    flags: ['enabled'],
  },
  webhookOwner: {
    // Keyed by uuid (no id column): ordered by the webhook's id, pages by it too.
    select: `SELECT w.id AS k, o.webhook_uuid AS "webhookUuid", o.principal, o.principal_kind AS "principalKind",
      o.created_at AS "createdAt" FROM webhook_owners o JOIN webhooks w ON w.uuid = o.webhook_uuid`,
    key: 'w.id',
  },
  audit: {
    select: `SELECT a.id AS k, a.occurred_at AS "occurredAt", a.request_id AS "requestId", a.principal,
      a.principal_kind AS "principalKind", a.action, a.subject, a.detail FROM audit_log a`,
    key: 'a.id',
  },
};

/** A record of the stream, as `exportBroker` hands it on. */
export type StreamLine = { type: string } & Record<string, unknown>;

/**
 * The whole broker as stream records, in one read (one consistent snapshot), page by page: `emit` is called with each
 * line's object in order and must not keep them. Each record is checked against its schema, so what is exported is
 * always importable. Returns the counts (also the `end` record's).
 */
export function* exportRecords(emit: (line: StreamLine) => void): Program<Counts> {
  emit({ type: 'header', format: FORMAT, schemaVersion: SCHEMA_VERSION });
  const counts = zeroCounts();
  for (const kind of KINDS) counts[kind] = yield* exportKind(kind, emit);
  emit({ type: 'end', counts });
  return counts;
}

function* exportKind(kind: Kind, emit: (line: StreamLine) => void): Program<number> {
  const src = SOURCES[kind];
  const schema = recordSchemas[kind];
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = yield* all<Row>(`${src.select} WHERE ${src.key} > ? ORDER BY ${src.key} LIMIT ${PAGE}`, [after]);
    for (const row of rows) {
      after = row.k as number;
      const { k: _, ...fields } = row;
      for (const f of src.flags ?? []) fields[f] = fields[f] === 1;
      emit(schema.parse({ type: kind, ...fields }) as RecordOf<Kind>);
      n++;
    }
    if (rows.length < PAGE) return n;
  }
}
