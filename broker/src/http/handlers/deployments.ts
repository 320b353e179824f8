import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { deployVersion, releaseVersion } from '../../domain/deployments/deploy-and-release.ts';
import { endReleaseSupport, undeployVersion } from '../../domain/deployments/end.ts';
import {
  currentlyDeployedIn,
  currentlySupportedIn,
  deployedVersionOr404,
  releasedVersionOr404,
} from '../../domain/deployments/queries.ts';
import { UnprocessableError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import {
  presentCurrentlyDeployed,
  presentCurrentlySupported,
  presentDeployedVersion,
  presentReleasedVersion,
} from '../presenters/deployment.ts';
import { deploymentSchema, undeploySchema } from '../schemas/environment.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

/** `POST .../deployed-versions/environment/{uuid}`: record-deployment. The previous deployment of the same instance ends. */
export const postDeployment = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, uuid } = req.params as P;
  const body = validate(deploymentSchema, await jsonBody(req));
  const instance = body.applicationInstance ?? body.target ?? '';
  const { row, env, created } = await deps.store.write(() =>
    deployVersion(deps.hooks, { pacticipant, version, environmentUuid: uuid, instance }),
  );
  const l = linker(req);
  res.location(l.url(routes.deployedVersion(row.uuid)));
  sendHal(res, created ? 201 : 200, presentDeployedVersion(l, row, env));
};

export const postRelease = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, uuid } = req.params as P;
  await jsonBody(req);
  const { row, env, created } = await deps.store.write(() =>
    releaseVersion(deps.hooks, { pacticipant, version, environmentUuid: uuid }),
  );
  const l = linker(req);
  res.location(l.url(routes.releasedVersion(row.uuid)));
  sendHal(res, created ? 201 : 200, presentReleasedVersion(l, row, env));
};

export const listCurrentlyDeployed = (deps: Deps) => async (req: Request, res: Response) => {
  const q = req.query as Record<string, string | undefined>;
  // A blank applicationInstance means the deployment recorded without one.
  const filter = { pacticipant: q.pacticipant, instance: q.applicationInstance ?? q.target };
  const { rows, env } = await deps.store.read(() => currentlyDeployedIn((req.params as P).uuid, filter));
  sendHal(res, 200, presentCurrentlyDeployed(linker(req), env, rows));
};

export const listCurrentlySupported = (deps: Deps) => async (req: Request, res: Response) => {
  const q = req.query as Record<string, string | undefined>;
  const filter = { pacticipant: q.pacticipant, version: q.version };
  const { rows, env } = await deps.store.read(() => currentlySupportedIn((req.params as P).uuid, filter));
  sendHal(res, 200, presentCurrentlySupported(linker(req), env, rows));
};

export const getDeployedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { row, env } = await deps.store.read(() => deployedVersionOr404((req.params as P).uuid));
  sendHal(res, 200, presentDeployedVersion(linker(req), row, env));
};

/** `PATCH /deployed-versions/{uuid}` with `{currentlyDeployed: false}`: record-undeployment. */
export const patchDeployedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const body = validate(undeploySchema, await jsonBody(req));
  if (body.currentlyDeployed !== false)
    throw new UnprocessableError(message('deployment.only-undeploy'), 'currentlyDeployed');
  const { row, env } = await deps.store.write(() => undeployVersion(deps.hooks, (req.params as P).uuid));
  sendHal(res, 200, presentDeployedVersion(linker(req), row, env));
};

export const getReleasedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const { row, env } = await deps.store.read(() => releasedVersionOr404((req.params as P).uuid));
  sendHal(res, 200, presentReleasedVersion(linker(req), row, env));
};

/** `PATCH /released-versions/{uuid}` with `{currentlySupported: false}`: record-support-ended. */
export const patchReleasedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const body = validate(undeploySchema, await jsonBody(req));
  if (body.currentlySupported !== false)
    throw new UnprocessableError(message('release.only-end-support'), 'currentlySupported');
  const { row, env } = await deps.store.write(() => endReleaseSupport(deps.hooks, (req.params as P).uuid));
  sendHal(res, 200, presentReleasedVersion(linker(req), row, env));
};
