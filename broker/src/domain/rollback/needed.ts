import { message } from '../../messages.ts';
import type { RollbackUse } from '../../repositories/rollback-uses.ts';

/** "production (2: currently deployed), staging (1: the version a rollback returns to)" */
export function describeUses(uses: readonly RollbackUse[]): string {
  return uses
    .map((u) => message('rollback-use.entry', { environment: u.environment, version: u.version, role: u.role }))
    .join(', ');
}
