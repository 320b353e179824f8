import type { Program } from '../../storage/sql.ts';
import type { Hooks } from '../hooks.ts';
import type { DecodedPact } from './decode.ts';
import { publishPacts } from './publish.ts';
import { pactForConsumerVersion, type FoundPact } from './queries.ts';

/**
 * The older single-pact publish (`PUT|PATCH /pacts/provider/{p}/consumer/{c}/version/{v}`; `merge`
 * for PATCH): publishes, then reads the stored pact back in the same transaction.
 */
export function* publishPactForVersion(
  hooks: Hooks,
  t: { provider: string; consumer: string; version: string; decoded: DecodedPact; merge: boolean },
  allowContractModification: boolean,
): Program<{ created: boolean; pact: FoundPact; notices: { type: string; text: string }[] }> {
  const cmd = {
    consumerName: t.consumer,
    versionNumber: t.version,
    contracts: [{ providerName: t.provider, decoded: t.decoded, onConflict: t.merge ? ('merge' as const) : undefined }],
  };
  const out = yield* publishPacts(hooks, cmd, allowContractModification);
  const pact = yield* pactForConsumerVersion(t.provider, t.consumer, t.version);
  // New whenever this pact is new, also for a consumer version that existed already (tagged, or with another provider's pact).
  return {
    created: out.contracts[0].status === 'created',
    pact,
    notices: out.notices.filter((n) => n.type === 'warning'),
  };
}
