import { NotFoundError, ValidationError } from '../errors.ts';
import { message } from '../messages.ts';
import { findEnvironmentByName, findEnvironmentByUuid, type EnvironmentRow } from '../repositories/environments.ts';
import { findPacticipant, type PacticipantRow } from '../repositories/pacticipants.ts';
import { findVersion, type VersionRow } from '../repositories/versions.ts';
import type { Program } from '../storage/sql.ts';

/** Lookups that turn names into rows or fail with a 404 that says what was missing. */
export function* pacticipantOr404(name: string): Program<PacticipantRow> {
  const p = yield* findPacticipant(name);
  if (!p) throw new NotFoundError(message('pacticipant.not-found', { name }));
  return p;
}

export function* versionOr404(
  pacticipant: string,
  number: string,
): Program<{ pacticipant: PacticipantRow; version: VersionRow }> {
  const p = yield* pacticipantOr404(pacticipant);
  const version = yield* findVersion(p.id, number);
  if (!version) throw new NotFoundError(message('version.not-found', { pacticipant, version: number }));
  return { pacticipant: p, version };
}

export function* environmentOr404(uuid: string): Program<EnvironmentRow> {
  const env = yield* findEnvironmentByUuid(uuid);
  if (!env) throw new NotFoundError(message('environment.not-found', { name: uuid }));
  return env;
}

/** For query parameters naming an environment: an unknown one is a 400 (bad input), not a 404. */
/** An environment named in a path (a page, a badge): 404 when there is none. */
export function* environmentByNameOr404(name: string): Program<EnvironmentRow> {
  const env = yield* findEnvironmentByName(name);
  if (!env) throw new NotFoundError(message('environment.not-found', { name }));
  return env;
}

export function* environmentByNameOr400(name: string, param = 'environment'): Program<EnvironmentRow> {
  const env = yield* findEnvironmentByName(name);
  if (!env) throw ValidationError.of(param, message('environment.not-found', { name }));
  return env;
}
