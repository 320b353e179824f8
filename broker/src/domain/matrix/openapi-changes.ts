import type { EnvironmentRow } from '../../repositories/environments.ts';
import type { OpenApiChangesFact, ResolvedSelector } from '../../gate/matrix/types.ts';
import { versionsInEnvironment } from '../../repositories/matrix.ts';
import { contractRefOfVersion, findOpenApiChanges } from '../../repositories/openapi-changes.ts';
import { findPacticipant, type PacticipantRow } from '../../repositories/pacticipants.ts';
import { findVersion } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { breakingFindings } from '../openapi-changes/findings.ts';
import { changesJob, type PlannedChanges } from '../openapi-changes/plan.ts';

/**
 * For `failOnOpenApiBreaking` (issue 20): the stored diff from the document of each version of a specified
 * pacticipant deployed or released in the environment to the document of the specified version. A version without a
 * document, or a deployed version without one, has nothing to compare; a diff not stored yet is `pending` (unknown).
 */
export function* openApiChangesAgainstEnvironment(
  specified: readonly ResolvedSelector[],
  pacticipants: ReadonlyMap<string, PacticipantRow>,
  env: EnvironmentRow,
): Program<OpenApiChangesFact[]> {
  const out: OpenApiChangesFact[] = [];
  for (const s of specified) {
    const p = pacticipants.get(s.selector.pacticipant);
    if (!p) continue;
    const deployed = yield* versionsInEnvironment(env.id, p.id);
    for (const v of s.versions) {
      const revision = yield* contractRefOfVersion(v.id);
      if (!revision) continue;
      for (const d of deployed) {
        if (d.id === v.id) continue;
        const base = yield* contractRefOfVersion(d.id);
        if (!base) continue;
        const fact = { pacticipant: p.name, version: v.number, against: d.number };
        if (base.content_sha === revision.content_sha) {
          out.push({ ...fact, status: 'computed', findings: [] });
          continue;
        }
        const row = yield* findOpenApiChanges(base.content_sha, revision.content_sha);
        if (!row) out.push({ ...fact, status: 'pending', findings: [] });
        else if (row.result === null) out.push({ ...fact, status: 'failed', findings: [] });
        else
          out.push({
            ...fact,
            status: 'computed',
            findings: breakingFindings(row.result).map(({ args: _args, ...f }) => f),
          });
      }
    }
  }
  return out;
}

/**
 * The diff jobs of the `pending` facts of an answer (issue 20): what the planner would have queued had a publication
 * or a deployment made the pair needed. can-i-deploy queues them (precompute/openapi-changes.ts `queueChanges`), so
 * that asking again (`--retry-while-unknown`) converges. A handful of rows: one per pending fact.
 */
export function* pendingChangesJobs(facts: readonly OpenApiChangesFact[]): Program<PlannedChanges[]> {
  const out = new Map<string, PlannedChanges>();
  for (const f of facts) {
    if (f.status !== 'pending') continue;
    const p = yield* findPacticipant(f.pacticipant);
    if (!p) continue;
    const v = yield* findVersion(p.id, f.version);
    const d = yield* findVersion(p.id, f.against);
    const revision = v && (yield* contractRefOfVersion(v.id));
    const base = d && (yield* contractRefOfVersion(d.id));
    if (!revision || !base || base.content_sha === revision.content_sha) continue;
    const job = changesJob(base, revision);
    out.set(job.key, job);
  }
  return [...out.values()];
}
