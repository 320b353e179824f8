import { run, type Program } from '../storage/sql.ts';
import { nowIso } from './clock.ts';
import { flag, integer, nullable, rowType, text } from './decode.ts';

export interface VerificationRow {
  id: number;
  pact_version_id: number;
  provider_version_id: number;
  consumer_id: number;
  provider_id: number;
  success: number;
  build_url: string | null;
  test_results: string | null;
  verified_by: string | null;
  /** JSON of VerificationFailures (domain/verifications/failures.ts): a failed result's mismatches. */
  failures: string | null;
  /** Published through a WIP pact's URL: not counted for pending and WIP status. */
  wip: number;
  created_at: string;
  provider_version_number: string;
}

const verificationRows = rowType<VerificationRow>('verification', {
  id: integer,
  pact_version_id: integer,
  provider_version_id: integer,
  consumer_id: integer,
  provider_id: integer,
  success: flag,
  build_url: nullable(text),
  test_results: nullable(text),
  verified_by: nullable(text),
  failures: nullable(text),
  wip: flag,
  created_at: text,
  provider_version_number: text,
});

const SELECT = `SELECT vr.*, v.number AS provider_version_number FROM verifications vr JOIN versions v ON v.id = vr.provider_version_id`;

export interface NewVerification {
  pactVersionId: number;
  providerVersionId: number;
  consumerId: number;
  providerId: number;
  success: boolean;
  buildUrl?: string | null;
  testResults?: unknown;
  verifiedBy?: unknown;
  /** What failed, read from the test results (failed results only). */
  failures?: unknown;
  /** Published through a work-in-progress pact's URL. */
  wip?: boolean;
}

export function* addVerification(v: NewVerification): Program<VerificationRow> {
  yield* run(
    `INSERT INTO verifications (pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url, test_results, verified_by, failures, wip, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      v.pactVersionId,
      v.providerVersionId,
      v.consumerId,
      v.providerId,
      v.success ? 1 : 0,
      v.buildUrl ?? null,
      v.testResults === undefined ? null : JSON.stringify(v.testResults),
      v.verifiedBy === undefined ? null : JSON.stringify(v.verifiedBy),
      v.failures === undefined ? null : JSON.stringify(v.failures),
      v.wip ? 1 : 0,
      nowIso(),
    ],
  );
  return (yield* verificationRows.get(
    `${SELECT} WHERE vr.pact_version_id = ? AND vr.provider_version_id = ? ORDER BY vr.id DESC LIMIT 1`,
    [v.pactVersionId, v.providerVersionId],
  ))!;
}

export function* findVerification(id: number): Program<VerificationRow | undefined> {
  return yield* verificationRows.get(`${SELECT} WHERE vr.id = ?`, [id]);
}

/** Every verification of these pact versions; callers keep the latest per provider version. */
export function* verificationsOfPactVersions(pactVersionIds: number[]): Program<VerificationRow[]> {
  const rows = yield* verificationRows.allIn(pactVersionIds, (ids, chunk) => [
    `${SELECT} WHERE vr.pact_version_id IN ${ids}`,
    chunk,
  ]);
  return rows.sort((a, b) => a.id - b.id);
}

export function* latestVerificationOfPactVersion(pactVersionId: number): Program<VerificationRow | undefined> {
  return yield* verificationRows.get(`${SELECT} WHERE vr.pact_version_id = ? ORDER BY vr.id DESC LIMIT 1`, [
    pactVersionId,
  ]);
}
