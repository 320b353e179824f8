import { comparisonsFor } from '../../repositories/evidence.ts';
import { failureCountText, type VerificationFailures } from '../../gate/verification/failures.ts';
import { message } from '../../messages.ts';
import { isUnreadableContract } from '../../repositories/provider-contracts.ts';
import type { Program } from '../../storage/sql.ts';
import { comparisonsInProgress, evidenceInputs, verificationsForPairs, type VerificationRef } from './queries.ts';

export type Verdict = 'compatible' | 'incompatible' | 'unknown';
export type EvidenceKind = 'verification' | 'subsumption' | 'openapi' | 'none';

export interface EvidenceReason {
  id: string;
  message: string;
  [detail: string]: unknown;
}

export interface PairEvidence {
  verdict: Verdict;
  evidence: EvidenceKind;
  reasons: EvidenceReason[];
}

/** One (pact content, provider version) pair to decide. */
export interface EvidenceQuery {
  pactVersionId: number;
  pactSha: string;
  providerVersionId: number;
}

/**
 * Reasons that say a pair's evidence is still being computed (or was never queued, which the planner may yet do):
 * what changes them (a queued job finishing or giving up) need not move an answer stamp, so an answer or a pair with
 * one is never kept (domain/rollback/answer.ts, world-memo.ts).
 */
export const PROVISIONAL_REASONS: ReadonlySet<string> = new Set([
  'comparison-pending',
  'comparison-not-queued',
  'subsumption-pending',
]);

export const isProvisional = (e: { reasons: readonly { id: string }[] }) =>
  e.reasons.some((r) => PROVISIONAL_REASONS.has(r.id));

export const evidenceKey = (pactVersionId: number, providerVersionId: number) =>
  `${pactVersionId}:${providerVersionId}`;

function groupBy<T>(rows: readonly T[], key: (r: T) => number, value: (r: T) => number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(value(r));
    else out.set(key(r), [value(r)]);
  }
  return out;
}

function latestPerPair(rows: VerificationRef[]): Map<string, VerificationRef> {
  const latest = new Map<string, VerificationRef>();
  for (const r of rows) {
    const k = evidenceKey(r.pact_version_id, r.provider_version_id);
    const seen = latest.get(k);
    if (!seen || seen.id < r.id) latest.set(k, r);
  }
  return latest;
}

/**
 * Decides compatibility for each pair, taking the first evidence that exists (issue 6):
 * 1. the latest verification result of that pact content by that provider version;
 * 2. subsumption: the pact asks nothing that another pact of the same pair did not, and that one was
 *    verified successfully by this provider version;
 * 3. the static verdict of the pact against the provider version's OpenAPI document, counted only when
 *    the provider's self-verification of that document succeeded;
 * 4. otherwise unknown. Unknown is never compatible.
 * Batched: a handful of queries whatever the number of pairs.
 */
export function* resolveEvidence(queries: EvidenceQuery[]): Program<Map<string, PairEvidence>> {
  const out = new Map<string, PairEvidence>();
  if (!queries.length) return out;
  const pactVersionIds = [...new Set(queries.map((q) => q.pactVersionId))];
  const providerVersionIds = [...new Set(queries.map((q) => q.providerVersionId))];

  // Verifications, subsumption proofs, subsumption checks still queued or running (pending evidence when the pact they
  // would prove was verified) and the providers' current contracts: one round trip.
  const inputs = yield* evidenceInputs(pactVersionIds, providerVersionIds);
  const direct = latestPerPair(inputs.verifications);
  const subsumers = inputs.subsumers;
  const pendingChecks = inputs.pendingChecks;
  const byIds = [
    ...new Set([...subsumers.map((s) => s.by_pact_version_id), ...pendingChecks.map((s) => s.byPactVersionId)]),
  ];
  const viaSubsumer = latestPerPair(byIds.length ? yield* verificationsForPairs(byIds, providerVersionIds) : []);
  // The pacts proving (or being checked against) each pact, in the order read: looked up per pair, not searched (a
  // filter per pair was 6,000 pairs x every proof of the environment).
  const subsumersOf = groupBy(
    subsumers,
    (s) => s.pact_version_id,
    (s) => s.by_pact_version_id,
  );
  const pendingOf = groupBy(
    pendingChecks,
    (s) => s.pactVersionId,
    (s) => s.byPactVersionId,
  );
  const contracts = new Map(inputs.contracts.map((c) => [c.provider_version_id, c]));
  const documentShas = [...new Set([...contracts.values()].map((c) => c.content_sha))];
  const comparisons = new Map(
    (inputs.comparisons ?? (yield* comparisonsFor([...new Set(queries.map((q) => q.pactSha))], documentShas))).map(
      (c) => [`${c.pact_sha}:${c.document_sha}`, c],
    ),
  );

  // Comparisons not stored yet: pending only while their job is queued or running (issue 16: with nothing queued it
  // said "being computed" for ever).
  const missing = queries.flatMap((q) => {
    const c = contracts.get(q.providerVersionId);
    const k = c && `${q.pactSha}:${c.content_sha}`;
    return k && !comparisons.has(k) ? [k] : [];
  });
  const inProgress = inputs.comparisonsInProgress ?? (yield* comparisonsInProgress(missing));

  for (const q of queries) {
    const key = evidenceKey(q.pactVersionId, q.providerVersionId);
    const v = direct.get(key);
    if (v) {
      out.set(key, {
        verdict: v.success ? 'compatible' : 'incompatible',
        evidence: 'verification',
        reasons: [verificationReason(v)],
      });
      continue;
    }
    const proof = (subsumersOf.get(q.pactVersionId) ?? [])
      .map((by) => viaSubsumer.get(evidenceKey(by, q.providerVersionId)))
      .find((r) => r?.success);
    if (proof) {
      out.set(key, {
        verdict: 'compatible',
        evidence: 'subsumption',
        reasons: [
          {
            id: 'subsumed-by-verified-pact',
            message: `This pact asks nothing that pact version ${proof.pact_version_id} did not, and provider version ${proof.provider_version_number} verified that one successfully`,
            byPactVersionId: proof.pact_version_id,
            verificationId: proof.id,
          },
        ],
      });
      continue;
    }
    const found = staticEvidence(q, contracts.get(q.providerVersionId), comparisons, inProgress);
    if (found.verdict === 'unknown') {
      // No answer yet, but a subsumption check under way could prove it: pending, with its own reason, never "no evidence".
      const pending = (pendingOf.get(q.pactVersionId) ?? [])
        .map((by) => viaSubsumer.get(evidenceKey(by, q.providerVersionId)))
        .find((r) => r?.success);
      if (pending) {
        out.set(key, {
          verdict: 'unknown',
          evidence: 'none',
          reasons: [
            {
              id: 'subsumption-pending',
              message: message('subsumption.pending', {
                byPactVersionId: pending.pact_version_id,
                providerVersion: pending.provider_version_number,
              }),
              byPactVersionId: pending.pact_version_id,
            },
            // What else is known stays (a document not trusted, a comparison under way); "no evidence" does not.
            ...found.reasons.filter((r) => r.id !== 'no-evidence'),
          ],
        });
        continue;
      }
    }
    out.set(key, found);
  }
  return out;
}

/** A verification's reason; a failed one says what failed, as the Verifier published it (bounded, read at publish). */
function verificationReason(v: VerificationRef): EvidenceReason {
  const when = `by provider version ${v.provider_version_number} at ${v.created_at}`;
  if (v.success)
    return {
      id: 'verification-succeeded',
      message: `Verified successfully ${when}`,
      verifiedAt: v.created_at,
      verificationId: v.id,
    };
  const failures = v.failures ? (JSON.parse(v.failures) as VerificationFailures) : undefined;
  return {
    id: 'verification-failed',
    message: failures ? `Verification failed ${when}: ${failureCountText(failures)}` : `Verification failed ${when}`,
    verifiedAt: v.created_at,
    verificationId: v.id,
    ...(failures ? { failures } : {}),
  };
}

/**
 * The answer for a pair with no evidence at all: one object for every such pair (often half of an environment's, and
 * kept with its world: world-memo.ts). Answers are never changed in place, so it is shared as is.
 */
const NO_EVIDENCE: PairEvidence = {
  verdict: 'unknown',
  evidence: 'none',
  reasons: [
    {
      id: 'no-evidence',
      message: 'No verification result, no subsumption proof and no OpenAPI document for this pair',
    },
  ],
};

function staticEvidence(
  q: EvidenceQuery,
  contract: { content_sha: string; self_verification: string | null; specification: string } | undefined,
  comparisons: Map<
    string,
    { result: Verdict; findings: string; reason: string | null; engine_name: string; engine_version: string }
  >,
  inProgress: ReadonlySet<string>,
): PairEvidence {
  if (!contract) return NO_EVIDENCE;
  // Content that is no OpenAPI document (stored as given, as PactFlow does) is never compared: unknown, whatever its
  // self-verification says.
  if (isUnreadableContract(contract))
    return {
      verdict: 'unknown',
      evidence: 'none',
      reasons: [{ id: 'provider-contract-unreadable', message: message('provider-contract.unreadable') }],
    };
  const self = contract.self_verification
    ? (JSON.parse(contract.self_verification) as { success?: boolean })
    : undefined;
  if (self?.success !== true) {
    return {
      verdict: 'unknown',
      evidence: 'none',
      reasons: [
        {
          id: self ? 'openapi-self-verification-failed' : 'openapi-self-verification-missing',
          message: self
            ? "The provider's self-verification of its OpenAPI document failed, so the document is not trusted"
            : 'The provider published its OpenAPI document without a self-verification result, so the document is not trusted',
        },
      ],
    };
  }
  const c = comparisons.get(`${q.pactSha}:${contract.content_sha}`);
  if (!c)
    return {
      verdict: 'unknown',
      evidence: 'none',
      reasons: [
        inProgress.has(`${q.pactSha}:${contract.content_sha}`)
          ? {
              id: 'comparison-pending',
              message: 'unknown (being computed): the pact is being compared with the OpenAPI document',
            }
          : { id: 'comparison-not-queued', message: message('comparison.not-queued') },
      ],
    };
  const findings = JSON.parse(c.findings) as { type?: string; code?: string; message?: string }[];
  if (c.result === 'unknown') {
    return {
      verdict: 'unknown',
      evidence: 'none',
      reasons: [
        {
          id: 'comparison-unknown',
          message: `The comparison with the OpenAPI document gave no answer: ${c.reason ?? 'unknown reason'}`,
        },
      ],
    };
  }
  const errors = findings.filter((f) => f.type === 'error');
  return {
    verdict: c.result,
    evidence: 'openapi',
    reasons:
      c.result === 'compatible'
        ? [
            {
              id: 'openapi-compatible',
              message: `Compatible with the provider's OpenAPI document (${c.engine_name} ${c.engine_version})`,
              engine: `${c.engine_name}@${c.engine_version}`,
            },
          ]
        : errors.map((f) => ({
            id: 'openapi-incompatible',
            message: f.message ?? String(f.code),
            code: f.code,
            finding: f,
          })),
  };
}
