/** Rollback safety you can watch (issue 21): the kept verdicts and their timeline, as HAL JSON and as badges. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { BrokerError } from '../../errors.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { safetyOf, type SafetyView } from '../../safety/queries.ts';
import { labelOf, sendBadge, type BadgeColour } from '../presenters/badge.ts';

type P = Record<string, string>;

export const getRollbackSafety = (deps: Deps) => async (req: Request, res: Response) => {
  const { environment } = req.params as P;
  const view = await deps.store.read(() => safetyOf(environment));
  const l = linker(req);
  sendHal(res, 200, {
    ...view,
    _links: {
      self: l.link(`/rollback-safety/environments/${encodeURIComponent(view.environment)}`, {
        title: 'Rollback safety',
      }),
      'pb:can-i-rollback': l.link(`/can-i-rollback?environment=${encodeURIComponent(view.environment)}`, {
        title: 'The any-subset analysis now',
      }),
    },
  });
};

const COLOUR: Record<string, BadgeColour> = {
  independent: 'green',
  'no-prior': 'green',
  'needs-companions': 'orange',
  blocked: 'red',
};

/** `GET /badges/rollback/environments/{e}`: how many services cannot roll back alone (grey until evaluated). */
export const environmentSafetyBadge = (deps: Deps) => async (req: Request, res: Response) => {
  const { environment } = req.params as P;
  const label = labelOf(req, `rollback ${environment}`);
  const view = await readOrUndefined(deps, environment);
  if (!view?.evaluated) return sendBadge(res, label, 'unknown', 'grey');
  const blocked = view.pacticipants.filter((p) => p.verdict === 'blocked').length;
  const companions = view.pacticipants.filter((p) => p.verdict === 'needs-companions').length;
  if (blocked) return sendBadge(res, label, `${blocked} blocked`, 'red');
  if (companions) return sendBadge(res, label, `${companions} need companions`, 'orange');
  sendBadge(res, label, 'safe', 'green');
};

/** `GET /badges/rollback/environments/{e}/pacticipants/{p}`: that service's verdict. */
export const pacticipantSafetyBadge = (deps: Deps) => async (req: Request, res: Response) => {
  const { environment, pacticipant } = req.params as P;
  const label = labelOf(req, `${pacticipant} rollback`);
  const found = (await readOrUndefined(deps, environment))?.pacticipants.find((p) => p.name === pacticipant);
  if (!found) return sendBadge(res, label, 'unknown', 'grey');
  sendBadge(res, label, found.verdict, COLOUR[found.verdict] ?? 'grey');
};

/** A badge never fails: an unknown environment is a grey badge, as the Pact Broker's are. */
async function readOrUndefined(deps: Deps, environment: string): Promise<SafetyView | undefined> {
  try {
    return await deps.store.read(() => safetyOf(environment, 1));
  } catch (e) {
    if (e instanceof BrokerError) return undefined;
    throw e;
  }
}
