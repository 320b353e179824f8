import type { VersionRow } from '../../domain/versions/queries.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';

type Branch = { name: string; created_at: string };

export function presentBranchVersion(l: Linker, pacticipant: string, branch: string, version: string) {
  return {
    name: branch,
    _links: {
      self: l.link(routes.branchVersion(pacticipant, branch, version), { title: 'Branch version' }),
      'pb:branch': l.link(routes.branch(pacticipant, branch), { name: branch }),
      'pb:version': l.link(routes.version(pacticipant, version), { name: version }),
    },
  };
}

export function presentBranches(l: Linker, pacticipant: string, rows: Branch[]) {
  return {
    _embedded: {
      branches: rows.map((b) => ({
        name: b.name,
        createdAt: b.created_at,
        _links: { self: l.link(routes.branch(pacticipant, b.name), { name: b.name }) },
      })),
    },
    _links: { self: l.link(`${routes.pacticipant(pacticipant)}/branches`) },
  };
}

/** A branch; its links use the branch name as asked for (the URL's). */
export function presentBranch(l: Linker, pacticipant: string, branch: string, row: Branch) {
  return {
    name: row.name,
    createdAt: row.created_at,
    _links: {
      self: l.link(routes.branch(pacticipant, branch)),
      'pb:latest-version': l.link(`${routes.branch(pacticipant, branch)}/latest-version`),
      'pb:versions': l.link(`${routes.branch(pacticipant, branch)}/versions`),
    },
  };
}

export function presentBranchVersions(l: Linker, pacticipant: string, branch: string, rows: VersionRow[]) {
  return {
    _embedded: {
      versions: rows.map((v) => ({
        number: v.number,
        createdAt: v.created_at,
        _links: { self: l.link(routes.version(pacticipant, v.number), { name: v.number }) },
      })),
    },
    _links: { self: l.link(`${routes.branch(pacticipant, branch)}/versions`) },
  };
}
