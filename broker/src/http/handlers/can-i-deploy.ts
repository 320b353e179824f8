import type { Request, Response } from 'express';
import type { EvidenceSource } from '../../domain/matrix/gather.ts';
import { BrokerError, ValidationError } from '../../errors.ts';
import { parseCanIDeployQuery } from '../../gate/matrix/index.ts';
import type { MatrixQuery } from '../../gate/matrix/types.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { sendHal } from '../../links/hal.ts';
import { rackQuery } from '../rack-query.ts';
import { sendDeployableBadge } from '../presenters/badge.ts';
import { presentMatrix } from '../presenters/matrix.ts';
import { answer } from './matrix.ts';

type P = Record<string, string>;

/** `GET /can-i-deploy?pacticipant=&version=&environment=` (or `&to=TAG`), with optional ignore selectors. */
export const getCanIDeploy = (deps: Deps, evidence?: EvidenceSource) => async (req: Request, res: Response) => {
  const { query, problems } = parseCanIDeployQuery(rackQuery(req));
  if (problems.length) throw new ValidationError(problems);
  sendHal(res, 200, presentMatrix(linker(req), await answer(deps, query, evidence), req.originalUrl));
};

const ignoreOf = (req: Request) => {
  const q = rackQuery(req);
  return (Array.isArray(q.ignore) ? q.ignore : []).flatMap((i) =>
    typeof i === 'string'
      ? [{ pacticipant: i }]
      : i && typeof i === 'object' && !Array.isArray(i) && typeof i.pacticipant === 'string'
        ? [{ pacticipant: i.pacticipant, ...(typeof i.version === 'string' ? { version: i.version } : {}) }]
        : [],
  );
};

/** `/pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{toTag}`: the latest version with a tag, to a tag. */
export const tagToTagQuery = (req: Request): MatrixQuery => {
  const p = req.params as P;
  return {
    selectors: [{ pacticipant: p.pacticipant, latest: true, tag: p.tag }],
    ignore: ignoreOf(req),
    destination: { kind: 'tag', tag: p.toTag, latest: true },
    latestby: 'cvp',
  };
};

/** `/pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{env}`. */
export const branchToEnvironmentQuery = (req: Request): MatrixQuery => {
  const p = req.params as P;
  return {
    selectors: [{ pacticipant: p.pacticipant, latest: true, branch: p.branch }],
    ignore: ignoreOf(req),
    destination: { kind: 'environment', environment: p.environment },
    latestby: 'cvpv',
  };
};

export const canIDeployPath =
  (deps: Deps, build: (req: Request) => MatrixQuery, evidence?: EvidenceSource) =>
  async (req: Request, res: Response) => {
    sendHal(res, 200, presentMatrix(linker(req), await answer(deps, build(req), evidence), req.originalUrl));
  };

/** The same answers as SVG badges; an unknown pacticipant or environment is an "unknown" badge, not an error. */
export const canIDeployBadge =
  (deps: Deps, build: (req: Request) => MatrixQuery, evidence?: EvidenceSource) =>
  async (req: Request, res: Response) => {
    let deployable: boolean | null | undefined;
    try {
      deployable = (await answer(deps, build(req), evidence)).summary.deployable;
    } catch (e) {
      if (!(e instanceof BrokerError)) throw e;
    }
    sendDeployableBadge(req, res, deployable);
  };

/** `/matrix/provider/{p}/latest/{ptag}/consumer/{c}/latest/{ctag}/badge`: latest tagged consumer with latest tagged provider. */
export const matrixBadge = (deps: Deps, evidence?: EvidenceSource) =>
  canIDeployBadge(
    deps,
    (req) => {
      const p = req.params as P;
      return {
        selectors: [
          { pacticipant: p.consumer, latest: true, tag: p.consumerTag },
          { pacticipant: p.provider, latest: true, tag: p.providerTag },
        ],
        ignore: [],
        destination: { kind: 'none' },
        latestby: 'cvpv',
      };
    },
    evidence,
  );
