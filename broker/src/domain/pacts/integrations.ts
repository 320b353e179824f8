import { pacticipantNames } from '../../repositories/pacticipants.ts';
import { integrations } from '../../repositories/pacts.ts';
import type { Program } from '../../storage/sql.ts';

export interface Integration {
  consumer: string;
  provider: string;
  createdAt: string;
  lastPublished: string;
}

/** Every consumer/provider pair that has a pact, with when it was first and last published. */
export function* integrationList(pair?: { consumerId: number; providerId: number }): Program<Integration[]> {
  const list = yield* integrations(pair);
  const names = yield* pacticipantNames(list.flatMap((r) => [r.consumer_id, r.provider_id]));
  return list.map((r) => ({
    consumer: names.get(r.consumer_id)!,
    provider: names.get(r.provider_id)!,
    createdAt: r.created_at,
    lastPublished: r.last_published,
  }));
}
