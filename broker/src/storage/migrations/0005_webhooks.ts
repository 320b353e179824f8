import { pk, type Migration } from './types.ts';

/**
 * Webhooks (issue 10): the webhook definitions, each time one was triggered (an event, a test, a
 * rollback-readiness request), each delivery attempt with its redacted log, and the verification
 * requests rollgate made (when it asked a provider pipeline to verify a pact content with a provider
 * version), which can-i-rollback reports as `verificationRequestedAt` on unknown pairs.
 */
const migration: Migration = {
  id: 5,
  name: 'webhooks',
  up: (d) => [
    `CREATE TABLE webhooks (id ${pk(d)}, uuid TEXT NOT NULL UNIQUE, description TEXT,
       consumer_name TEXT, consumer_label TEXT, provider_name TEXT, provider_label TEXT,
       enabled INTEGER NOT NULL, events TEXT NOT NULL, request TEXT NOT NULL,
       created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    `CREATE TABLE webhook_triggers (id ${pk(d)}, uuid TEXT NOT NULL UNIQUE, dedupe_key TEXT NOT NULL UNIQUE,
       webhook_uuid TEXT NOT NULL, event_name TEXT NOT NULL, trigger_type TEXT NOT NULL, context TEXT NOT NULL,
       consumer_name TEXT, provider_name TEXT, pact_version_id INTEGER, provider_version_id INTEGER, verification_id INTEGER,
       status TEXT NOT NULL, attempts_made INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,
       next_attempt_at TEXT, last_attempted_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    `CREATE INDEX webhook_triggers_webhook ON webhook_triggers (webhook_uuid, id)`,
    `CREATE INDEX webhook_triggers_verification ON webhook_triggers (verification_id)`,
    `CREATE TABLE webhook_executions (id ${pk(d)}, trigger_id INTEGER NOT NULL REFERENCES webhook_triggers(id) ON DELETE CASCADE,
       attempt INTEGER NOT NULL, success INTEGER NOT NULL, status_code INTEGER, error TEXT, logs TEXT NOT NULL,
       started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL)`,
    `CREATE INDEX webhook_executions_trigger ON webhook_executions (trigger_id, id)`,
    `CREATE TABLE verification_requests (id ${pk(d)}, pact_version_id INTEGER NOT NULL, provider_version_id INTEGER NOT NULL,
       reason TEXT NOT NULL, first_requested_at TEXT NOT NULL, requested_at TEXT NOT NULL, request_count INTEGER NOT NULL,
       UNIQUE (pact_version_id, provider_version_id))`,
    `CREATE INDEX verification_requests_provider_version ON verification_requests (provider_version_id)`,
  ],
  down: () => [
    'DROP TABLE verification_requests',
    'DROP TABLE webhook_executions',
    'DROP TABLE webhook_triggers',
    'DROP TABLE webhooks',
  ],
};

export default migration;
