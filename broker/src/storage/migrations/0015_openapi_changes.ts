import { pk, type Migration } from './types.ts';

/**
 * What changed from one version of a provider's OpenAPI document to another (issue 20), keyed by the two documents'
 * content hashes (base, revision), so a pair is computed once whatever versions carry those documents. `result` is
 * the engine's answer as JSON (findings with oasdiff's rule ids and levels, partial, engines); `failure` is why no
 * answer could be made (a document the engine cannot read): then `result` is null.
 */
const migration: Migration = {
  id: 15,
  name: 'openapi changes',
  up: (d) => [
    `CREATE TABLE openapi_changes (id ${pk(d)}, base_sha TEXT NOT NULL, revision_sha TEXT NOT NULL, result TEXT,
       failure TEXT, breaking INTEGER NOT NULL, duration_ms INTEGER, created_at TEXT NOT NULL,
       UNIQUE (base_sha, revision_sha))`,
  ],
  down: () => ['DROP TABLE openapi_changes'],
};
export default migration;
