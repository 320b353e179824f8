import type { Store } from '../storage/port.ts';
import { all } from '../storage/sql.ts';

/**
 * What an earlier import (or the broker itself) holds already, read once before a run, so a resumed run does not
 * read again what cannot have changed at the source: a consumer version's pact (fixed once published) and a
 * deployment or release that has ended. Verification results, deployments still current and everything listed are
 * read again (new results of old pacts, and ends, arrive later).
 */
export interface Known {
  /** `consumer \0 version \0 provider` -> rollgate's content SHA of that publication. */
  publications: Map<string, string>;
  /** UUIDs of deployments and releases that have ended. */
  ended: Set<string>;
  /** UUIDs of the webhooks there (a redacted secret was reported when it was imported). */
  webhooks: Set<string>;
}

export const publicationKey = (consumer: string, version: string, provider: string) =>
  `${consumer}\u0000${version}\u0000${provider}`;

export async function known(store: Store): Promise<Known> {
  return store.read(function* () {
    const pubs = yield* all<{ consumer: string; version: string; provider: string; sha: string }>(
      `SELECT c.name AS consumer, v.number AS version, p.name AS provider, pv.sha
       FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
       JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
       ORDER BY pp.revision`,
    );
    const ended = yield* all<{ uuid: string }>(
      `SELECT uuid FROM deployed_versions WHERE undeployed_at IS NOT NULL
       UNION ALL SELECT uuid FROM released_versions WHERE support_ended_at IS NOT NULL`,
    );
    const webhooks = yield* all<{ uuid: string }>('SELECT uuid FROM webhooks');
    return {
      webhooks: new Set(webhooks.map((r) => r.uuid)),
      publications: new Map(pubs.map((r) => [publicationKey(r.consumer, r.version, r.provider), r.sha])),
      ended: new Set(ended.map((r) => r.uuid)),
    };
  });
}

/** Consumer, version and provider of a pact href (`/pacts/provider/P/consumer/C/version/V`), when it has that form. */
export function pactOfHref(href: string): { consumer: string; version: string; provider: string } | undefined {
  const m = href.match(/\/pacts\/provider\/([^/?#]+)\/consumer\/([^/?#]+)\/version\/([^/?#]+)$/);
  if (!m) return undefined;
  const [provider, consumer, version] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
  return { consumer, version, provider };
}
