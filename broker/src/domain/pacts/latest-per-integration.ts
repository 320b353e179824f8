import { findPacticipantById } from '../../repositories/pacticipants.ts';
import { latestPublicationPerPair } from '../../repositories/pacts.ts';
import type { Program } from '../../storage/sql.ts';

export interface LatestPactRef {
  consumer: string;
  provider: string;
  version: string;
  createdAt: string;
  sha: string;
}

/** The latest pact of every integration (`GET /pacts/latest`). */
export function* latestPactPerIntegration(): Program<LatestPactRef[]> {
  const out: LatestPactRef[] = [];
  for (const p of yield* latestPublicationPerPair()) {
    const consumer = (yield* findPacticipantById(p.consumer_id))!.name;
    const provider = (yield* findPacticipantById(p.provider_id))!.name;
    out.push({ consumer, provider, version: p.consumer_version_number, createdAt: p.created_at, sha: p.sha });
  }
  return out;
}
