import type { Request } from 'express';
import { isGlobalAdmin } from '../auth/principal.ts';
import { currentContext } from '../context/request-context.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { message } from '../messages.ts';

/**
 * `?force=true` on a delete: delete even what a rollback needs. Only an admin without a pacticipant scope may (a
 * scoped admin deletes its own pacticipants' history, never what the gates need); 403 otherwise.
 */
export function forceOf(req: Request): boolean {
  const v = req.query.force;
  if (v === undefined || v === 'false') return false;
  if (v !== 'true') throw ValidationError.of('force', message('input.field-boolean', { what: 'force' }));
  if (!isGlobalAdmin(currentContext()?.principal)) throw new ForbiddenError(message('delete.force-admin-only'));
  return true;
}
