/**
 * The answer: deployable true, false or null (unknown), with counts and typed reasons.
 *  - false when a considered specified selector matched no version;
 *  - else null when a considered row is unknown (no verification and no other evidence, or no provider version
 *    in the destination for a required pact), even when another row failed: the Pact Broker's
 *    DeploymentStatusSummary answers null there, and the reason still names both the failures and the unknowns;
 *  - else false when a considered row is incompatible;
 *  - else true: "All required verification results are published and successful", or, with no rows at all,
 *    "There are no missing dependencies".
 * With `failOnOpenApiBreaking`, a specified version whose OpenAPI document breaks the one deployed in the destination
 * (a finding at that level or above) is a failure, and one whose diff is not computed yet (or could not be) unknown.
 * Warnings come first; reasons of ignored rows are kept, marked ignored.
 */
import { failureCountText, type VerificationFailures } from '../verification/failures.ts';
import { ignoredBy } from './rows.ts';
import type { MatrixRow, MatrixSummary, MatrixWorld, RowRef, SummaryReason } from './types.ts';

const ref = (r: MatrixRow): RowRef => ({
  consumer: r.consumer,
  consumerVersion: r.consumerVersion.number,
  provider: r.provider,
  providerVersion: r.providerVersion?.number ?? null,
  evidence: r.evidence,
});

/** What the answer depends on besides the rows: the query, which selectors matched a version, ignores, API changes. */
export type DecideWorld = Pick<MatrixWorld, 'query' | 'specified' | 'ignore' | 'openApiChanges'>;

/**
 * `compatible`: compatible rows (none ignored) that a read counted without listing them (domain/matrix/
 * pair-listing.ts counts them in SQL), not in `rows`; they count as if they were.
 */
export function decide(
  world: DecideWorld,
  rows: MatrixRow[],
  compatible?: { count: number; evidence: string },
): MatrixSummary {
  const warnings: SummaryReason[] = [];
  const errors: SummaryReason[] = [];
  const unknowns: SummaryReason[] = [];
  const ignoredReasons: SummaryReason[] = [];
  for (const i of world.ignore) {
    if (!i.exists)
      warnings.push({ id: 'warn-ignore-not-found', pacticipant: i.selector.pacticipant, version: i.selector.version });
  }
  const d = world.query.destination;
  if (d.kind === 'tag') warnings.push({ id: 'warn-specify-environment', tag: d.tag });
  // `latest=true` alone: the Pact Broker's NoEnvironmentSpecified warning (one specified pacticipant, no destination
  // that names where it is going), before the reasons.
  if (d.kind === 'latest' && new Set(world.specified.map((s) => s.selector.pacticipant)).size === 1)
    warnings.push({ id: 'warn-no-environment' });
  if (
    world.specified.some(
      (s) =>
        s.selector.version === undefined &&
        (s.selector.tag !== undefined || s.selector.branch !== undefined || s.selector.mainBranch),
    )
  ) {
    warnings.push({ id: 'warn-specify-version' });
  }
  for (const s of world.specified) {
    if (s.versions.length) continue;
    if (ignoredBy(world.ignore, s.selector.pacticipant, s.selector.version ?? null)) continue;
    errors.push({ id: 'version-not-found', selector: s.selector });
  }
  const notFound = errors.length > 0;
  let success = 0;
  let failed = 0;
  let unknown = 0;
  let ignored = 0;
  const byEvidence: Record<string, number> = {};
  for (const r of rows) {
    let reason: SummaryReason | undefined;
    if (r.verdict === 'incompatible') {
      const verified = r.reasons.find((x) => x.id === 'verified') as { failures?: VerificationFailures } | undefined;
      const detail =
        r.evidence === 'verification'
          ? verified?.failures && failureCountText(verified.failures)
          : (
              r.reasons.find((x) => typeof (x as { message?: unknown }).message === 'string') as
                | { message?: string }
                | undefined
            )?.message;
      reason = {
        id: 'verification-failed',
        row: ref(r),
        ignored: r.ignored,
        evidence: r.evidence,
        ...(detail ? { detail } : {}),
      };
    } else if (r.verdict === 'unknown') {
      const np = r.reasons.find((x) => x.id === 'no-provider-version') as
        | Extract<MatrixRow['reasons'][number], { id: 'no-provider-version' }>
        | undefined;
      reason = np
        ? { id: 'no-provider-version', row: ref(r), scope: np.scope, ignored: r.ignored }
        : { id: 'no-verified-pact', row: ref(r), ignored: r.ignored };
    }
    if (r.ignored) {
      ignored++;
      if (reason) ignoredReasons.push(reason);
      continue;
    }
    if (r.verdict === 'compatible') {
      success++;
      byEvidence[r.evidence] = (byEvidence[r.evidence] ?? 0) + 1;
    } else if (r.verdict === 'incompatible') {
      failed++;
      errors.push(reason!);
    } else {
      unknown++;
      unknowns.push(reason!);
    }
  }
  if (compatible?.count) {
    success += compatible.count;
    byEvidence[compatible.evidence] = (byEvidence[compatible.evidence] ?? 0) + compatible.count;
  }
  // Breaking changes of the API against what is deployed (only when asked): a failure; not computed yet: unknown.
  const level = world.query.failOnOpenApiBreaking;
  if (level)
    for (const c of world.openApiChanges ?? []) {
      if (c.status !== 'computed') unknowns.push({ id: 'openapi-changes-unknown', changes: c });
      else if (c.findings.some((f) => f.level === 'ERR' || level === 'WARN'))
        errors.push({
          id: 'openapi-breaking',
          level,
          changes: { ...c, findings: c.findings.filter((f) => f.level === 'ERR' || level === 'WARN') },
        });
    }
  const deployable = notFound ? false : unknowns.length ? null : errors.length === 0;
  const reasons: SummaryReason[] = [...warnings, ...errors, ...unknowns];
  if (deployable) reasons.push(success ? { id: 'all-successful', byEvidence } : { id: 'no-dependencies' });
  reasons.push(...ignoredReasons);
  return { deployable, reasons, success, failed, unknown, ...(world.ignore.length ? { ignored } : {}) };
}
