import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  findEnvironmentByName,
  findEnvironmentByUuid,
  insertEnvironment,
  updateEnvironment,
  type EnvironmentFields,
  type EnvironmentRow,
} from '../../repositories/environments.ts';
import type { Program } from '../../storage/sql.ts';
import { environmentOr404 } from '../lookup.ts';

/** Creates an environment (a new UUID unless one is given); names and UUIDs are unique. */
export function* createEnvironment(fields: EnvironmentFields & { uuid?: string }): Program<EnvironmentRow> {
  const uuid = fields.uuid ?? randomUUID();
  if (yield* findEnvironmentByName(fields.name))
    throw new ConflictError(message('environment.name-taken', { name: fields.name }), 'name');
  if (yield* findEnvironmentByUuid(uuid)) throw new ConflictError(message('environment.uuid-taken', { uuid }), 'uuid');
  return yield* insertEnvironment(uuid, fields);
}

/** Replaces an environment's fields; it may not take another environment's name. */
export function* replaceEnvironment(uuid: string, fields: EnvironmentFields): Program<EnvironmentRow> {
  const env = yield* environmentOr404(uuid);
  const other = yield* findEnvironmentByName(fields.name);
  if (other && other.id !== env.id)
    throw new ConflictError(message('environment.name-taken', { name: fields.name }), 'name');
  yield* updateEnvironment(env.id, fields);
  return (yield* findEnvironmentByUuid(uuid))!;
}
