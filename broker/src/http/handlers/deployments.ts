import type { Request, Response } from 'express';
import { deploy, endReleaseSupport, release } from '../../domain/deployments/record.ts';
import { environmentOr404, pacticipantOr404, versionOr404 } from '../../domain/lookup.ts';
import { NotFoundError, UnprocessableError } from '../../errors.ts';
import {
  currentlyDeployed,
  currentlySupported,
  findDeployedVersion,
  findReleasedVersion,
  undeploy,
} from '../../repositories/deployments.ts';
import { findEnvironmentById } from '../../repositories/environments.ts';
import { findVersion } from '../../repositories/versions.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentDeployedVersion, presentReleasedVersion } from '../presenters/deployment.ts';
import { deploymentSchema, undeploySchema } from '../schemas/environment.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

/** `POST .../deployed-versions/environment/{uuid}`: record-deployment. The previous deployment of the same instance ends. */
export const postDeployment = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, uuid } = req.params as P;
  const body = validate(deploymentSchema, await jsonBody(req));
  const instance = body.applicationInstance ?? body.target ?? '';
  const { row, env, created } = await deps.store.write(function* () {
    const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
    const env = yield* environmentOr404(uuid);
    const out = yield* deploy(deps.hooks, { versionId: v.id, pacticipantId: p.id, environmentId: env.id }, instance);
    return { ...out, env };
  });
  const l = linker(req);
  res.location(l.url(routes.deployedVersion(row.uuid)));
  sendHal(res, created ? 201 : 200, presentDeployedVersion(l, row, env));
};

export const postRelease = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, uuid } = req.params as P;
  await jsonBody(req);
  const { row, env, created } = await deps.store.write(function* () {
    const { pacticipant: p, version: v } = yield* versionOr404(pacticipant, version);
    const env = yield* environmentOr404(uuid);
    const out = yield* release(deps.hooks, { versionId: v.id, pacticipantId: p.id, environmentId: env.id });
    return { ...out, env };
  });
  const l = linker(req);
  res.location(l.url(routes.releasedVersion(row.uuid)));
  sendHal(res, created ? 201 : 200, presentReleasedVersion(l, row, env));
};

export const listCurrentlyDeployed = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const q = req.query as Record<string, string | undefined>;
  const { rows, env } = await deps.store.read(function* () {
    const env = yield* environmentOr404(uuid);
    const pacticipantId = q.pacticipant !== undefined ? (yield* pacticipantOr404(q.pacticipant)).id : undefined;
    // A blank applicationInstance means the deployment recorded without one.
    const instance = q.applicationInstance ?? q.target;
    return { env, rows: yield* currentlyDeployed(env.id, { pacticipantId, instance }) };
  });
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: { deployedVersions: rows.map((d) => presentDeployedVersion(l, d, env)) },
    _links: {
      self: l.link(`${routes.environment(uuid)}/deployed-versions/currently-deployed`, {
        title: `Currently deployed versions in ${env.name}`,
      }),
    },
  });
};

export const listCurrentlySupported = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const q = req.query as Record<string, string | undefined>;
  const { rows, env } = await deps.store.read(function* () {
    const env = yield* environmentOr404(uuid);
    let pacticipantId: number | undefined;
    let versionId: number | undefined;
    if (q.pacticipant !== undefined) {
      const p = yield* pacticipantOr404(q.pacticipant);
      pacticipantId = p.id;
      if (q.version !== undefined) versionId = (yield* findVersion(p.id, q.version))?.id ?? -1;
    }
    return { env, rows: yield* currentlySupported(env.id, { pacticipantId, versionId }) };
  });
  const l = linker(req);
  sendHal(res, 200, {
    _embedded: { releasedVersions: rows.map((r) => presentReleasedVersion(l, r, env)) },
    _links: {
      self: l.link(`${routes.environment(uuid)}/released-versions/currently-supported`, {
        title: `Currently supported versions in ${env.name}`,
      }),
    },
  });
};

export const getDeployedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const found = await deps.store.read(function* () {
    const d = yield* findDeployedVersion((req.params as P).uuid);
    if (!d) throw new NotFoundError(`Deployed version ${(req.params as P).uuid} not found`);
    return { d, env: (yield* findEnvironmentById(d.environment_id))! };
  });
  sendHal(res, 200, presentDeployedVersion(linker(req), found.d, found.env));
};

/** `PATCH /deployed-versions/{uuid}` with `{currentlyDeployed: false}`: record-undeployment. */
export const patchDeployedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const body = validate(undeploySchema, await jsonBody(req));
  if (body.currentlyDeployed !== false)
    throw new UnprocessableError(
      'currentlyDeployed can only be set to false (record a new deployment instead)',
      'currentlyDeployed',
    );
  const found = await deps.store.write(function* () {
    const d = yield* findDeployedVersion(uuid);
    if (!d) throw new NotFoundError(`Deployed version ${uuid} not found`);
    if (d.undeployed_at === null) {
      yield* undeploy(d.id);
      yield* deps.hooks.emit('undeploymentRecorded', {
        pacticipantId: d.pacticipant_id,
        environmentId: d.environment_id,
        deployedVersionUuid: uuid,
      });
    }
    return { d: (yield* findDeployedVersion(uuid))!, env: (yield* findEnvironmentById(d.environment_id))! };
  });
  sendHal(res, 200, presentDeployedVersion(linker(req), found.d, found.env));
};

export const getReleasedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const found = await deps.store.read(function* () {
    const r = yield* findReleasedVersion((req.params as P).uuid);
    if (!r) throw new NotFoundError(`Released version ${(req.params as P).uuid} not found`);
    return { r, env: (yield* findEnvironmentById(r.environment_id))! };
  });
  sendHal(res, 200, presentReleasedVersion(linker(req), found.r, found.env));
};

/** `PATCH /released-versions/{uuid}` with `{currentlySupported: false}`: record-support-ended. */
export const patchReleasedVersion = (deps: Deps) => async (req: Request, res: Response) => {
  const uuid = (req.params as P).uuid;
  const body = validate(undeploySchema, await jsonBody(req));
  if (body.currentlySupported !== false)
    throw new UnprocessableError('currentlySupported can only be set to false', 'currentlySupported');
  const found = await deps.store.write(function* () {
    const r = yield* findReleasedVersion(uuid);
    if (!r) throw new NotFoundError(`Released version ${uuid} not found`);
    yield* endReleaseSupport(deps.hooks, r);
    return { r: (yield* findReleasedVersion(uuid))!, env: (yield* findEnvironmentById(r.environment_id))! };
  });
  sendHal(res, 200, presentReleasedVersion(linker(req), found.r, found.env));
};
