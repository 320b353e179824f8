import { deploymentsOfVersion, releasesOfVersion } from '../../repositories/deployments.ts';
import { listEnvironments } from '../../repositories/environments.ts';
import { findPacticipantById } from '../../repositories/pacticipants.ts';
import { publicationsOfConsumerVersions } from '../../repositories/pacts.ts';
import { branchesOfVersions, tagsOfVersions, type VersionRow } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';

/** Everything a version resource shows: branches, tags, environments, deployments and pacts. */
export function* versionView(pacticipant: string, version: VersionRow) {
  const branches = yield* branchesOfVersions([version.id]);
  const tags = yield* tagsOfVersions([version.id]);
  const environments = yield* listEnvironments();
  const deployments = yield* deploymentsOfVersion(version.id);
  const releases = yield* releasesOfVersion(version.id);
  const pubs = yield* publicationsOfConsumerVersions([version.id]);
  const pacts: { provider: string; sha: string }[] = [];
  for (const p of pubs) pacts.push({ provider: (yield* findPacticipantById(p.provider_id))!.name, sha: p.sha });
  return {
    pacticipant,
    version,
    branches,
    tags,
    environments,
    pacts,
    deployedIn: deployments.map((d) => ({
      environment: d.environment_name,
      uuid: d.uuid,
      currentlyDeployed: d.undeployed_at === null,
      applicationInstance: d.application_instance || null,
      createdAt: d.created_at,
    })),
    releasedIn: releases.map((r) => ({
      environment: r.environment_name,
      uuid: r.uuid,
      currentlySupported: r.support_ended_at === null,
      createdAt: r.created_at,
    })),
  };
}
export type VersionViewData = ReturnType<typeof versionView> extends Program<infer T> ? T : never;
