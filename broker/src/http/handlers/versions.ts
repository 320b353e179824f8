import type { Request, Response } from 'express';
import { forceOf } from '../force.ts';
import type { Deps } from '../../deps.ts';
import {
  addVersionToBranch,
  branchesOf,
  branchOr404,
  branchVersions,
  deleteBranchOf,
  removeVersionFromBranch,
} from '../../domain/versions/branches.ts';
import { deleteUndeployedVersion } from '../../domain/versions/delete.ts';
import {
  branchLatestVersionView,
  latestVersionView,
  versionPage,
  versionViewOf,
} from '../../domain/versions/queries.ts';
import { saveVersion as save } from '../../domain/versions/save.ts';
import { tagOr404, tagVersion, untagVersion } from '../../domain/versions/tags.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { paging } from '../../links/paging.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import { presentBranch, presentBranches, presentBranchVersion, presentBranchVersions } from '../presenters/branch.ts';
import { presentTag, presentVersions, presentVersionView } from '../presenters/version.ts';
import { versionSchema } from '../schemas/pacticipant.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const getVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  sendHal(res, 200, presentVersionView(linker(req), await deps.store.read(() => versionViewOf(pacticipant, version))));
};

export const getLatestVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, tag } = req.params as P;
  sendHal(res, 200, presentVersionView(linker(req), await deps.store.read(() => latestVersionView(pacticipant, tag))));
};

export const getBranchLatestVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  const view = await deps.store.read(() => branchLatestVersionView(pacticipant, branch));
  sendHal(res, 200, presentVersionView(linker(req), view));
};

/** `PUT` (create or replace labels) and `PATCH` (merge) of a version: create-or-update-version. */
export const saveVersion = (deps: Deps, mode: 'put' | 'patch') => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  const body = validate(versionSchema, await jsonBody(req));
  const tags = body.tags?.map((t) => (typeof t === 'string' ? t : t.name));
  const labels = { branch: body.branch, tags, buildUrl: body.buildUrl };
  const { created, view } = await deps.store.write(() =>
    save(deps.hooks, pacticipant, version, labels, mode === 'put'),
  );
  const l = linker(req);
  if (created) res.location(l.url(routes.version(pacticipant, version)));
  sendHal(res, created ? 201 : 200, presentVersionView(l, view));
};

export const deleteVersionHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  const force = forceOf(req);
  await deps.store.write(() => deleteUndeployedVersion(deps.hooks, pacticipant, version, { force }));
  res.status(204).end();
};

export const listVersionsHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant } = req.params as P;
  const page = paging(req);
  const { rows, total } = await deps.store.read(() => versionPage(pacticipant, page.limit, page.offset));
  sendHal(res, 200, presentVersions(linker(req), pacticipant, rows, page, total));
};

/** Tags: `PUT` 201 when new, 200 when it existed (a JSON body either way: the Verifier needs one). */
export const putTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(() => tagVersion(deps.hooks, pacticipant, version, tag));
  const l = linker(req);
  if (created) res.location(l.url(routes.versionTag(pacticipant, version, tag)));
  sendHal(res, created ? 201 : 200, presentTag(l, pacticipant, version, tag));
};

export const getTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  await deps.store.read(() => tagOr404(pacticipant, version, tag));
  sendHal(res, 200, presentTag(linker(req), pacticipant, version, tag));
};

export const deleteTag = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, tag } = req.params as P;
  await deps.store.write(() => untagVersion(deps.hooks, pacticipant, version, tag));
  res.status(204).end();
};

/** `PUT /pacticipants/{p}/branches/{b}/versions/{v}`: the Verifier's first call when publishing. */
export const putBranchVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch, version } = req.params as P;
  await jsonBody(req);
  const created = await deps.store.write(() => addVersionToBranch(deps.hooks, pacticipant, branch, version));
  const l = linker(req);
  if (created) res.location(l.url(routes.branchVersion(pacticipant, branch, version)));
  sendHal(res, created ? 201 : 200, presentBranchVersion(l, pacticipant, branch, version));
};

export const listBranchesHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant } = req.params as P;
  const rows = await deps.store.read(() => branchesOf(pacticipant));
  sendHal(res, 200, presentBranches(linker(req), pacticipant, rows));
};

export const getBranch = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  const row = await deps.store.read(() => branchOr404(pacticipant, branch));
  sendHal(res, 200, presentBranch(linker(req), pacticipant, branch, row));
};

export const listBranchVersions = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  const rows = await deps.store.read(() => branchVersions(pacticipant, branch));
  sendHal(res, 200, presentBranchVersions(linker(req), pacticipant, branch, rows));
};

export const deleteBranchHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch } = req.params as P;
  await deps.store.write(() => deleteBranchOf(deps.hooks, pacticipant, branch));
  res.status(204).end();
};

/** `DELETE /pacticipants/P/branches/B/versions/V`: 204; the version stays, off the branch. */
export const deleteBranchVersionHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, branch, version } = req.params as P;
  await deps.store.write(() => removeVersionFromBranch(deps.hooks, pacticipant, branch, version));
  res.status(204).end();
};
