import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';

/** Every table of the store's schema, read from the database itself (so a new migration's table is included). */
export async function schemaTables(store: Store): Promise<string[]> {
  const rows = await store.read(() =>
    all<{ name: string }>({
      sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      postgres:
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
    }),
  );
  return rows.map((r) => r.name);
}

/**
 * What each table's columns refer to (`column -> table.column`), declared foreign key or not; [] for a table that
 * refers to nothing. Every table of the schema must be listed (`orphanRows` fails on one that is not), so a new table
 * is a decision about what it points at.
 */
export const REFERENCES: Record<string, [column: string, target: string][]> = {
  pacticipants: [],
  versions: [['pacticipant_id', 'pacticipants.id']],
  branches: [['pacticipant_id', 'pacticipants.id']],
  branch_versions: [
    ['branch_id', 'branches.id'],
    ['version_id', 'versions.id'],
  ],
  tags: [['version_id', 'versions.id']],
  labels: [['pacticipant_id', 'pacticipants.id']],
  pact_versions: [
    ['consumer_id', 'pacticipants.id'],
    ['provider_id', 'pacticipants.id'],
  ],
  pact_publications: [
    ['consumer_version_id', 'versions.id'],
    ['consumer_id', 'pacticipants.id'],
    ['provider_id', 'pacticipants.id'],
    ['pact_version_id', 'pact_versions.id'],
  ],
  verifications: [
    ['pact_version_id', 'pact_versions.id'],
    ['provider_version_id', 'versions.id'],
    ['consumer_id', 'pacticipants.id'],
    ['provider_id', 'pacticipants.id'],
  ],
  provider_contracts: [
    ['provider_id', 'pacticipants.id'],
    ['provider_version_id', 'versions.id'],
  ],
  environments: [],
  openapi_changes: [],
  answer_stamps: [],
  answer_stamp_log: [],
  rollback_safety: [
    ['environment_id', 'environments.id'],
    ['pacticipant_id', 'pacticipants.id'],
  ],
  rollback_safety_changes: [
    ['environment_id', 'environments.id'],
    ['pacticipant_id', 'pacticipants.id'],
  ],
  rollback_safety_environments: [['environment_id', 'environments.id']],
  deployed_versions: [
    ['version_id', 'versions.id'],
    ['pacticipant_id', 'pacticipants.id'],
    ['environment_id', 'environments.id'],
  ],
  released_versions: [
    ['version_id', 'versions.id'],
    ['pacticipant_id', 'pacticipants.id'],
    ['environment_id', 'environments.id'],
  ],
  subsumptions: [
    ['pact_version_id', 'pact_versions.id'],
    ['by_pact_version_id', 'pact_versions.id'],
  ],
  verification_requests: [
    ['pact_version_id', 'pact_versions.id'],
    ['provider_version_id', 'versions.id'],
  ],
  version_migrations: [['version_id', 'versions.id']],
  version_requirements: [
    ['version_id', 'versions.id'],
    ['required_id', 'pacticipants.id'],
  ],
  webhooks: [],
  webhook_owners: [['webhook_uuid', 'webhooks.uuid']],
  webhook_triggers: [
    ['pact_version_id', 'pact_versions.id'],
    ['provider_version_id', 'versions.id'],
    ['verification_id', 'verifications.id'],
  ],
  webhook_executions: [['trigger_id', 'webhook_triggers.id']],
  comparisons: [],
  jobs: [],
  outbox: [],
  audit_log: [],
  write_counter: [],
  write_log: [],
  schema_migrations: [],
};

/**
 * Rows whose references point at nothing, over every table of the schema: `["verifications.pact_version_id: 2 rows"]`.
 * Empty when the database is whole. Throws for a table REFERENCES does not know.
 */
export async function orphanRows(store: Store): Promise<string[]> {
  const problems: string[] = [];
  for (const table of await schemaTables(store)) {
    const refs = REFERENCES[table];
    if (!refs) throw new Error(`test/support/schema-tables.ts: add the table ${table} to REFERENCES`);
    for (const [column, target] of refs) {
      const [t, c] = target.split('.');
      const [row] = await store.read(() =>
        all<{ n: number }>(
          `SELECT COUNT(*) AS n FROM ${table} x WHERE x.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t} y WHERE y.${c} = x.${column})`,
        ),
      );
      if (Number(row.n)) problems.push(`${table}.${column}: ${row.n} rows`);
    }
  }
  return problems;
}
