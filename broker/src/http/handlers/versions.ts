import type { Request, Response } from 'express';
import { latestVersionOf } from '../../domain/pacts/queries.ts';
import { pacticipantOr404, versionOr404 } from '../../domain/lookup.ts';
import { ensureVersionWithLabels } from '../../domain/versions/ensure.ts';
import { versionView } from '../../domain/versions/view.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { hasDeploymentHistory } from '../../repositories/deployments.ts';
import {
  addTag,
  deleteBranch,
  deleteVersion,
  findBranch,
  latestVersion,
  listBranches,
  listVersions,
  removeTag,
  setBuildUrl,
  tagsOfVersions,
  versionsOnBranch,
  type VersionRow,
} from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { paging } from '../../links/paging.ts';
import { presentPage } from '../presenters/page.ts';
import { presentVersion } from '../presenters/version.ts';
import { versionSchema } from '../schemas/pacticipant.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

async function sendVersion(
  deps: Deps,
  req: Request,
  res: Response,
  status: number,
  find: () => Program<{ pacticipant: { name: string }; version: VersionRow }>,
) {
  const view = await deps.store.read(function* () {
    const { pacticipant, version } = yield* find();
    return yield* versionView(pacticipant.name, version);
  });
  const l = linker(req);
  sendHal(
    res,
    status,
    presentVersion(l, {
      ...view,
      pacts: view.pacts.map((p) => ({
        provider: p.provider,
        href: l.url(routes.pactForVersion(p.provider, view.pacticipant, view.version.number)),
      })),
    }),
  );
}

export const getVersion = (deps: Deps) => (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  return sendVersion(deps, req, res, 200, () => versionOr404(pacticipant, version));
};

export const getLatestVersion = (deps: Deps) => (req: Request, res: Response) => {
  const { pacticipant, tag } = req.params as P;
  return sendVersion(deps, req, res, 200, () => latestVersionOf(pacticipant, tag));
};

export const getBranchLatestVersion = (deps: Deps) => (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  return sendVersion(deps, req, res, 200, function* () {
    const p = yield* pacticipantOr404(pacticipant);
    const v = yield* latestVersion(p.id, { branch });
    if (!v) throw new NotFoundError(`No version of ${pacticipant} on branch ${branch}`);
    return { pacticipant: p, version: v };
  });
};

/** `PUT` (create or replace labels) and `PATCH` (merge) of a version: create-or-update-version. */
export const saveVersion = (deps: Deps, mode: 'put' | 'patch') => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  const body = validate(versionSchema, await jsonBody(req));
  const tags = body.tags?.map((t) => (typeof t === 'string' ? t : t.name));
  const created = await deps.store.write(function* () {
    const { version: row, created } = yield* ensureVersionWithLabels(pacticipant, version, {
      branch: body.branch,
      tags,
      buildUrl: body.buildUrl ?? undefined,
    });
    if (mode === 'put' && body.buildUrl === null) yield* setBuildUrl(row.id, null);
    return created;
  });
  if (created) res.location(linker(req).url(routes.version(pacticipant, version)));
  return sendVersion(deps, req, res, created ? 201 : 200, () => versionOr404(pacticipant, version));
};

export const deleteVersionHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  await deps.store.write(function* () {
    const { version: v } = yield* versionOr404(pacticipant, version);
    if (yield* hasDeploymentHistory({ versionId: v.id }))
      throw new ConflictError(`${pacticipant} version ${version} was deployed or released and cannot be deleted`);
    yield* deleteVersion(v.id);
  });
  res.status(204).end();
};

export const listVersionsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant } = req.params as P;
  const page = paging(req);
  const { rows, total } = await deps.store.read(function* () {
    const p = yield* pacticipantOr404(pacticipant);
    return yield* listVersions(p.id, page.limit, page.offset);
  });
  const l = linker(req);
  const pages = presentPage(l, `${routes.pacticipant(pacticipant)}/versions`, page, total);
  sendHal(res, 200, {
    _embedded: {
      versions: rows.map((v) => ({
        number: v.number,
        buildUrl: v.build_url ?? undefined,
        createdAt: v.created_at,
        _links: { self: l.link(routes.version(pacticipant, v.number), { name: v.number }) },
      })),
    },
    page: pages.page,
    _links: {
      self: l.link(`${routes.pacticipant(pacticipant)}/versions`),
      ...pages.links,
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant)),
    },
  });
};

/** Tags: `PUT` 201 when new, 200 when it existed (a JSON body either way: the Verifier needs one). */
export const putTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(function* () {
    const { version: row } = yield* ensureVersionWithLabels(pacticipant, version, {});
    return yield* addTag(row.id, tag);
  });
  const l = linker(req);
  if (created) res.location(l.url(routes.versionTag(pacticipant, version, tag)));
  sendHal(res, created ? 201 : 200, presentTag(l, pacticipant, version, tag));
};

export const getTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  const found = await deps.store.read(function* () {
    const { version: v } = yield* versionOr404(pacticipant, version);
    return (yield* tagsOfVersions([v.id])).some((t) => t.name === tag);
  });
  if (!found) throw new NotFoundError(`Tag ${tag} not found on ${pacticipant} version ${version}`);
  sendHal(res, 200, presentTag(linker(req), pacticipant, version, tag));
};

export const deleteTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  const removed = await deps.store.write(function* () {
    const { version: v } = yield* versionOr404(pacticipant, version);
    return yield* removeTag(v.id, tag);
  });
  if (!removed) throw new NotFoundError(`Tag ${tag} not found on ${pacticipant} version ${version}`);
  res.status(204).end();
};

function presentTag(l: ReturnType<typeof linker>, pacticipant: string, version: string, tag: string) {
  return {
    name: tag,
    _links: {
      self: l.link(routes.versionTag(pacticipant, version, tag), { title: 'Tag', name: tag }),
      'pb:version': l.link(routes.version(pacticipant, version), { title: 'Version', name: version }),
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant), { title: 'Pacticipant', name: pacticipant }),
    },
  };
}

/** `PUT /pacticipants/{p}/branches/{b}/versions/{v}`: the Verifier's first call when publishing. */
export const putBranchVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch, version } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(function* () {
    return (yield* ensureVersionWithLabels(pacticipant, version, { branch })).branchAdded;
  });
  const l = linker(req);
  const self = routes.branchVersion(pacticipant, branch, version);
  if (created) res.location(l.url(self));
  sendHal(res, created ? 201 : 200, {
    name: branch,
    _links: {
      self: l.link(self, { title: 'Branch version' }),
      'pb:branch': l.link(routes.branch(pacticipant, branch), { name: branch }),
      'pb:version': l.link(routes.version(pacticipant, version), { name: version }),
    },
  });
};

export const listBranchesHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant } = req.params as P;
  const rows = await deps.store.read(function* () {
    return yield* listBranches((yield* pacticipantOr404(pacticipant)).id);
  });
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: {
      branches: rows.map((b) => ({
        name: b.name,
        createdAt: b.created_at,
        _links: { self: l.link(routes.branch(pacticipant, b.name), { name: b.name }) },
      })),
    },
    _links: { self: l.link(`${routes.pacticipant(pacticipant)}/branches`) },
  });
};

export const getBranch = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  const row = await deps.store.read(function* () {
    const b = yield* findBranch((yield* pacticipantOr404(pacticipant)).id, branch);
    if (!b) throw new NotFoundError(`Branch ${branch} of ${pacticipant} not found`);
    return b;
  });
  const l = linker(req);
  sendHal(res, 200, {
    name: row.name,
    createdAt: row.created_at,
    _links: {
      self: l.link(routes.branch(pacticipant, branch)),
      'pb:latest-version': l.link(`${routes.branch(pacticipant, branch)}/latest-version`),
      'pb:versions': l.link(`${routes.branch(pacticipant, branch)}/versions`),
    },
  });
};

export const listBranchVersions = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  const rows = await deps.store.read(function* () {
    const p = yield* pacticipantOr404(pacticipant);
    if (!(yield* findBranch(p.id, branch))) throw new NotFoundError(`Branch ${branch} of ${pacticipant} not found`);
    return yield* versionsOnBranch(p.id, branch);
  });
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: {
      versions: rows.map((v) => ({
        number: v.number,
        createdAt: v.created_at,
        _links: { self: l.link(routes.version(pacticipant, v.number), { name: v.number }) },
      })),
    },
    _links: { self: l.link(`${routes.branch(pacticipant, branch)}/versions`) },
  });
};

export const deleteBranchHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  await deps.store.write(function* () {
    const b = yield* findBranch((yield* pacticipantOr404(pacticipant)).id, branch);
    if (!b) throw new NotFoundError(`Branch ${branch} of ${pacticipant} not found`);
    yield* deleteBranch(b.id);
  });
  res.status(204).end();
};
