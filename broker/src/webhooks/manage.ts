import type { Program } from '../storage/sql.ts';
import { findWebhook } from './repository.ts';

/** The pacticipants a stored webhook names (a webhook scoped by label or to everyone names none). */
export function* pacticipantsOfWebhook(params: Record<string, string>): Program<string[]> {
  const w = yield* findWebhook(params.uuid);
  return [w?.consumer?.name, w?.provider?.name].filter((n): n is string => Boolean(n));
}
