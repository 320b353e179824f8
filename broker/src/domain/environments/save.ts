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
import type { Hooks } from '../hooks.ts';
import { environmentOr404 } from '../lookup.ts';

/** Creates an environment (a new UUID unless one is given); names and UUIDs are unique. */
export function* createEnvironment(
  hooks: Hooks,
  fields: EnvironmentFields & { uuid?: string },
): Program<EnvironmentRow> {
  const uuid = fields.uuid ?? randomUUID();
  if (yield* findEnvironmentByName(fields.name))
    throw new ConflictError(message('environment.name-taken', { name: fields.name }), 'name');
  if (yield* findEnvironmentByUuid(uuid)) throw new ConflictError(message('environment.uuid-taken', { uuid }), 'uuid');
  const row = yield* insertEnvironment(uuid, fields);
  yield* hooks.emit('environmentCreated', { environmentId: row.id, uuid, name: row.name });
  return row;
}

/** Replaces an environment's fields; it may not take another environment's name. */
export function* replaceEnvironment(hooks: Hooks, uuid: string, fields: EnvironmentFields): Program<EnvironmentRow> {
  const env = yield* environmentOr404(uuid);
  const other = yield* findEnvironmentByName(fields.name);
  if (other && other.id !== env.id)
    throw new ConflictError(message('environment.name-taken', { name: fields.name }), 'name');
  yield* updateEnvironment(env.id, fields);
  const row = (yield* findEnvironmentByUuid(uuid))!;
  yield* hooks.emit('environmentUpdated', { environmentId: env.id, uuid, name: row.name, previousName: env.name });
  return row;
}
