import { listEnvironments, type EnvironmentRow } from '../../repositories/environments.ts';
import type { Program } from '../../storage/sql.ts';

export type { EnvironmentRow } from '../../repositories/environments.ts';

/** Every environment by name, or the one with this name. */
export function* environments(name?: string): Program<EnvironmentRow[]> {
  return (yield* listEnvironments()).filter((e) => name === undefined || e.name === name);
}
