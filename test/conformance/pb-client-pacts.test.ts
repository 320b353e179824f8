/**
 * rollgate verified against the Pact Broker clients' own consumer pacts (fixtures/pb-client-pacts: the pacts
 * pact-foundation/pact_broker-client publishes and the Pact Broker verifies itself against), replayed by the real
 * pact-js Verifier. Each interaction runs alone against a fresh broker, its provider state built through
 * rollgate's HTTP API (support/provider-states.ts); a proxy gives the Verifier one fixed URL and maps the pacts'
 * placeholder paths and fixed ids to the real ones, as the Pact Broker's own HalRelationProxyApp does.
 *
 * Every interaction of the two "Pact Broker" pacts passes, and every PactFlow interaction but the two that create
 * a webhook for a team (PactFlow teams are not implemented: docs/api.md, "Conformance with the Pact Broker").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { startTestBroker } from '../support/test-broker.ts';
import { loadClientPact, recordedQuery, writeSingleInteractionPact } from './support/client-pacts.ts';
import { providerStates, STANDING_REWRITES } from './support/provider-states.ts';
import { apiClient } from '../support/http-client.ts';
import { startSwitchProxy, type SwitchProxy } from './support/switch-proxy.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

/** The Pact Broker answers its clients' pacts with this base URL (pact_broker's pact_helper); some pacts pin it. */
const BASE_URL = 'http://example.org';

/** An interaction rollgate does not honour, and why (docs/api.md, "Conformance with the Pact Broker"). */
interface LeftOut {
  description: string;
  providerState?: string;
  why: string;
}

const TEAM_WEBHOOK: LeftOut = {
  description: 'a request to create a webhook for a team',
  why: 'PactFlow teams are not implemented',
};

/**
 * The two older pacts were written by pact-ruby (v1), whose regex rules search the value (Ruby's `Regexp#match`), as
 * the Pact Broker's and PactFlow's own pact-ruby verification reads them; the Rust Verifier matches a rule against
 * the whole value. They are replayed as written (support/client-pacts.ts, `searchedRegex`). This matters for one
 * rule: the older PactFlow pact's `http:\/\/.*{provider}` for `pf:publish-provider-contract`, which PactFlow's link
 * (`.../provider-contracts/provider/{provider}/publish`, what the V2 pact's `.*(\/provider-contracts\/provider\/.*\/publish)$`
 * wants) satisfies searched but not whole: read whole, the two pacts want links that end differently.
 */
const FILES: { file: string; expected: number; searchedRegexes: boolean; leftOut: LeftOut[] }[] = [
  { file: 'pact_broker_client-pact_broker.json', expected: 64, searchedRegexes: true, leftOut: [] },
  { file: 'Pact Broker Client V2-Pact Broker.json', expected: 67, searchedRegexes: false, leftOut: [] },
  { file: 'pact_broker_client-pactflow.json', expected: 6, searchedRegexes: true, leftOut: [TEAM_WEBHOOK] },
  { file: 'Pact Broker Client V2-PactFlow.json', expected: 6, searchedRegexes: false, leftOut: [TEAM_WEBHOOK] },
];

/** How many interactions of each provider's pacts are replayed (docs/api.md, "Conformance with the Pact Broker"). */
const REPLAYED = { 'Pact Broker': 131, PactFlow: 10 };

const isLeftOut = (leftOut: LeftOut[], i: { description: string; providerState?: string }) =>
  leftOut.find((x) => x.description === i.description && (!x.providerState || x.providerState === i.providerState));

/** The verification's JSON report (pact-core's) names each mismatch; show them when an interaction fails. */
function mismatches(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  try {
    return JSON.stringify(JSON.parse(text).errors, null, 1);
  } catch {
    return text;
  }
}

describe('conformance: the Pact Broker clients’ own pacts, replayed by the real pact-js Verifier', function () {
  this.timeout(60_000);
  let proxy: SwitchProxy;
  let dir: string;

  before(async () => {
    proxy = await startSwitchProxy();
    dir = mkdtempSync(join(tmpdir(), 'rollgate-pb-client-pacts-'));
  });
  after(async () => {
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`replays ${REPLAYED['Pact Broker']} of the Pact Broker's and ${REPLAYED.PactFlow} of PactFlow's interactions, as docs/api.md says`, () => {
    const replayed: Record<string, number> = {};
    for (const { file, leftOut } of FILES) {
      const pact = loadClientPact(file);
      replayed[pact.provider] =
        (replayed[pact.provider] ?? 0) + pact.interactions.filter((i) => !isLeftOut(leftOut, i)).length;
    }
    assert.deepEqual(replayed, REPLAYED);
  });

  for (const { file, expected, searchedRegexes, leftOut } of FILES) {
    const pact = loadClientPact(file);

    describe(`${pact.consumer} -> ${pact.provider} (${file})`, () => {
      it(`holds the ${expected} interactions counted in docs/api.md`, () => {
        assert.equal(pact.interactions.length, expected);
        for (const x of leftOut)
          assert.ok(
            pact.interactions.some((i) => isLeftOut([x], i)),
            `"${x.description}" (left out: ${x.why}) is in the pact`,
          );
      });

      pact.interactions.forEach((interaction, index) => {
        const given = interaction.providerState ? ` given ${interaction.providerState}` : '';
        const title = `${interaction.description}${given} (${interaction.request.method.toUpperCase()} ${interaction.request.path} -> ${interaction.response.status})`;
        const out = isLeftOut(leftOut, interaction);
        if (out) {
          it.skip(`${title}: left out, ${out.why}`);
          return;
        }
        it(title, async () => {
          const broker = await startTestBroker({ config: { baseUrl: BASE_URL } });
          try {
            const rewrites = new Map<string, string>(STANDING_REWRITES);
            const states = providerStates({
              api: apiClient(broker.url),
              rewrite: (from, to) => rewrites.set(from, to),
            });
            if (interaction.providerState)
              assert.ok(states[interaction.providerState], `a handler for "${interaction.providerState}"`);
            proxy.switchTo(broker.url, { rewrites, query: recordedQuery(interaction) });
            await new Verifier({
              provider: pact.provider,
              providerBaseUrl: proxy.url,
              pactUrls: [writeSingleInteractionPact(file, index, dir, { searchedRegexes })],
              stateHandlers: states,
              logLevel: 'error',
            })
              .verifyProvider()
              .catch((err) =>
                assert.fail(
                  `${pact.provider} did not honour the interaction (requests: ${proxy.forwarded.join(', ')}):\n${mismatches(err)}`,
                ),
              );
          } finally {
            await broker.destroy();
          }
        });
      });
    });
  }
});
