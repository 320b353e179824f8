import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestData } from '../support/test-data.ts';
import type { InteractionSpec } from '../support/pact-builder.ts';

export interface Organisation {
  environments: { name: string; production: boolean }[];
  versions: { pacticipant: string; version: string; branch?: string }[];
  pacts: { consumer: string; version: string; branch?: string; provider: string; interactions: InteractionSpec[] }[];
  verifications: { consumer: string; version: string; provider: string; providerVersion: string; success: boolean }[];
  contracts: { provider: string; version: string; document: unknown }[];
  deployments: { pacticipant: string; version: string; environment: string }[];
}

export const ORGANISATION: Organisation = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/ui/organisation.json', import.meta.url)), 'utf8'),
);

/** Loads fixtures/ui/organisation.json through the store with the fluent builder. */
export async function loadOrganisation(td: TestData, org: Organisation = ORGANISATION): Promise<void> {
  for (const e of org.environments) td.environment(e.name, { production: e.production });
  for (const v of org.versions) td.version({ pacticipant: v.pacticipant, version: v.version, branch: v.branch });
  for (const p of org.pacts) {
    td.publishPact({
      consumer: p.consumer,
      version: p.version,
      provider: p.provider,
      branch: p.branch,
      pact: (b) => p.interactions.reduce((acc, i) => acc.withInteraction(i), b),
    });
  }
  for (const c of org.contracts)
    td.providerContract({ provider: c.provider, version: c.version, document: c.document, success: true });
  for (const v of org.verifications) td.verify(v);
  for (const d of org.deployments) td.deploy(d);
  await td;
}

export { settleEvidence } from '../support/settle.ts';
