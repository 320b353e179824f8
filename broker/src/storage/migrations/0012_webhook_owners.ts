import type { Migration } from './types.ts';

/**
 * Who created each webhook (issue 16): a webhook's secrets are shown to admins and to the principal that created it
 * (`token:name` or `basic:name`), redacted for everyone else. A table beside `webhooks`, so that table is unchanged.
 * Numbered 12 to leave 7 to 11 to the migrations of the work landing beside this one.
 */
const migration: Migration = {
  id: 12,
  name: 'webhook_owners',
  up: () => [
    `CREATE TABLE webhook_owners (webhook_uuid TEXT NOT NULL PRIMARY KEY, principal TEXT NOT NULL,
       principal_kind TEXT NOT NULL, created_at TEXT NOT NULL)`,
  ],
  down: () => ['DROP TABLE webhook_owners'],
};
export default migration;
