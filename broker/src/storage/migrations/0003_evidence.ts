import { pk, type Migration } from './types.ts';

/**
 * Static evidence computed at write time: pact-vs-OpenAPI comparisons, keyed by (pact content hash,
 * document content hash) so an answer is never recomputed, with the engine version that gave it; and
 * subsumption results between two pact versions of one consumer/provider pair.
 */
const migration: Migration = {
  id: 3,
  name: 'evidence',
  up: (d) => [
    `CREATE TABLE comparisons (id ${pk(d)}, pact_sha TEXT NOT NULL, document_sha TEXT NOT NULL, result TEXT NOT NULL,
       findings TEXT NOT NULL, reason TEXT, engine_name TEXT NOT NULL, engine_version TEXT NOT NULL, duration_ms INTEGER,
       created_at TEXT NOT NULL, UNIQUE (pact_sha, document_sha))`,
    `CREATE TABLE subsumptions (id ${pk(d)}, pact_version_id INTEGER NOT NULL REFERENCES pact_versions(id) ON DELETE CASCADE,
       by_pact_version_id INTEGER NOT NULL REFERENCES pact_versions(id) ON DELETE CASCADE, subsumed INTEGER NOT NULL,
       reason TEXT, created_at TEXT NOT NULL, UNIQUE (pact_version_id, by_pact_version_id))`,
    `CREATE INDEX subsumptions_by ON subsumptions (by_pact_version_id)`,
  ],
  down: () => ['DROP TABLE subsumptions', 'DROP TABLE comparisons'],
};
export default migration;
