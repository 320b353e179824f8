import type { EnvironmentRow } from '../../repositories/environments.ts';
import type { OpenApiChangesFact, ResolvedSelector } from '../../gate/matrix/types.ts';
import { versionsInEnvironment } from '../../repositories/matrix.ts';
import { contractRefOfVersion, findOpenApiChanges } from '../../repositories/openapi-changes.ts';
import type { PacticipantRow } from '../../repositories/pacticipants.ts';
import type { Program } from '../../storage/sql.ts';
import { breakingFindings } from '../openapi-changes/findings.ts';

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
