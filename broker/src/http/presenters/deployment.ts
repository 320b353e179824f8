import type { DeployedVersionRow, ReleasedVersionRow } from '../../domain/deployments/queries.ts';
import type { EnvironmentRow } from '../../domain/environments/queries.ts';
import { routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';
import { presentEnvironment } from './environment.ts';

const embedded = (l: Linker, row: { pacticipant_name: string; version_number: string }, env: EnvironmentRow) => ({
  pacticipant: { name: row.pacticipant_name, _links: { self: l.link(routes.pacticipant(row.pacticipant_name)) } },
  version: {
    number: row.version_number,
    _links: { self: l.link(routes.version(row.pacticipant_name, row.version_number)) },
  },
  environment: presentEnvironment(l, env),
});

export function presentDeployedVersion(l: Linker, d: DeployedVersionRow, env: EnvironmentRow) {
  return {
    uuid: d.uuid,
    currentlyDeployed: d.undeployed_at === null,
    applicationInstance: d.application_instance === '' ? null : d.application_instance,
    target: d.application_instance === '' ? null : d.application_instance,
    undeployedAt: d.undeployed_at ?? undefined,
    createdAt: d.created_at,
    _embedded: embedded(l, d, env),
    _links: { self: l.link(routes.deployedVersion(d.uuid)) },
  };
}

export function presentReleasedVersion(l: Linker, r: ReleasedVersionRow, env: EnvironmentRow) {
  return {
    uuid: r.uuid,
    currentlySupported: r.support_ended_at === null,
    supportEndedAt: r.support_ended_at ?? undefined,
    createdAt: r.created_at,
    _embedded: embedded(l, r, env),
    _links: { self: l.link(routes.releasedVersion(r.uuid)) },
  };
}

/** `GET /environments/{uuid}/deployed-versions/currently-deployed`. */
export function presentCurrentlyDeployed(l: Linker, env: EnvironmentRow, rows: DeployedVersionRow[]) {
  return {
    _embedded: { deployedVersions: rows.map((d) => presentDeployedVersion(l, d, env)) },
    _links: {
      self: l.link(`${routes.environment(env.uuid)}/deployed-versions/currently-deployed`, {
        title: `Currently deployed versions in ${env.name}`,
      }),
    },
  };
}

/** `GET /environments/{uuid}/released-versions/currently-supported`. */
export function presentCurrentlySupported(l: Linker, env: EnvironmentRow, rows: ReleasedVersionRow[]) {
  return {
    _embedded: { releasedVersions: rows.map((r) => presentReleasedVersion(l, r, env)) },
    _links: {
      self: l.link(`${routes.environment(env.uuid)}/released-versions/currently-supported`, {
        title: `Currently supported versions in ${env.name}`,
      }),
    },
  };
}
