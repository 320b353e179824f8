import { IN_CHUNK, inList, run, type Program, type SqlParam, type SqlText } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { integer, nullable, oneOf, rowType, text } from './decode.ts';

export interface ComparisonRow {
  id: number;
  pact_sha: string;
  document_sha: string;
  result: 'compatible' | 'incompatible' | 'unknown';
  findings: string;
  reason: string | null;
  engine_name: string;
  engine_version: string;
  duration_ms: number | null;
  created_at: string;
}

const comparisonRows = rowType<ComparisonRow>('comparison', {
  id: integer,
  pact_sha: text,
  document_sha: text,
  result: oneOf('compatible', 'incompatible', 'unknown'),
  findings: text,
  reason: nullable(text),
  engine_name: text,
  engine_version: text,
  duration_ms: nullable(integer),
  created_at: text,
});

export interface NewComparison {
  pactSha: string;
  documentSha: string;
  result: ComparisonRow['result'];
  findings: unknown[];
  reason?: string;
  engineName: string;
  engineVersion: string;
  durationMs?: number;
}

/** Stores a verdict once: a second answer for the same contents is ignored (it would be the same). */
export function* saveComparison(c: NewComparison): Program<boolean> {
  const { changes } = yield* run(
    `INSERT INTO comparisons (pact_sha, document_sha, result, findings, reason, engine_name, engine_version, duration_ms, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pact_sha, document_sha) DO NOTHING`,
    [
      c.pactSha,
      c.documentSha,
      c.result,
      JSON.stringify(c.findings),
      c.reason ?? null,
      c.engineName,
      c.engineVersion,
      c.durationMs ?? null,
      nowIso(),
    ],
  );
  return changes > 0;
}

export function* findComparison(pactSha: string, documentSha: string): Program<ComparisonRow | undefined> {
  return yield* comparisonRows.get('SELECT * FROM comparisons WHERE pact_sha = ? AND document_sha = ?', [
    pactSha,
    documentSha,
  ]);
}

export function* comparisonsFor(pactShas: string[], documentShas: string[]): Program<ComparisonRow[]> {
  if (!pactShas.length || !documentShas.length) return [];
  const out: ComparisonRow[] = [];
  for (let i = 0; i < documentShas.length; i += IN_CHUNK) {
    const docs = documentShas.slice(i, i + IN_CHUNK);
    out.push(...(yield* comparisonRows.allIn(pactShas, (ids, chunk) => comparisonsQuery(ids, chunk, docs))));
  }
  return out;
}

/**
 * The statement of `comparisonsFor` for one chunk of each list. SQLite is told not to look the documents up in the
 * index (`+document_sha`): with both IN lists it searched every (pact, document) combination, 2,700 x 100 searches
 * for 71 rows (54 ms, against 2.7 ms searching the pacts and filtering the rest).
 */
const comparisonsQuery = (
  placeholders: string,
  pactShas: SqlParam[],
  documentShas: string[],
): [SqlText, SqlParam[]] => [
  {
    sqlite: `SELECT * FROM comparisons WHERE pact_sha IN ${placeholders} AND +document_sha IN ${inList(documentShas)}`,
    postgres: `SELECT * FROM comparisons WHERE pact_sha IN ${placeholders} AND document_sha IN ${inList(documentShas)}`,
  },
  [...pactShas, ...documentShas],
];

/** Rows of `comparisonsQuery` read some other way (storage/sql.ts `allEach`), decoded. */
export const decodeComparisons = (rows: unknown[]): ComparisonRow[] => comparisonRows.decodeAll(rows);

export function* saveSubsumption(
  pactVersionId: number,
  byPactVersionId: number,
  subsumed: boolean,
  reason?: string,
): Program<boolean> {
  const { changes } = yield* run(
    `INSERT INTO subsumptions (pact_version_id, by_pact_version_id, subsumed, reason, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (pact_version_id, by_pact_version_id) DO NOTHING`,
    [pactVersionId, byPactVersionId, subsumed ? 1 : 0, reason ?? null, nowIso()],
  );
  return changes > 0;
}
