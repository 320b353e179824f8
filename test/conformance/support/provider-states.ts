import assert from 'node:assert/strict';
import type { ApiClient, ApiResponse } from '../../support/http-client.ts';
import { aPact } from '../../support/pact-builder.ts';

/**
 * The provider states of the Pact Broker clients' pacts (fixtures/pb-client-pacts), each built through rollgate's
 * own HTTP API as a user would (publish pacts, post verification results, tag, deploy), after the data the Pact
 * Broker's provider states create (pact_broker's spec/service_consumers). Ids the pacts name literally (an
 * environment's or a deployment's UUID) that rollgate generates itself are recorded as path rewrites for the proxy.
 * Pact revisions (the Pact Broker's `revise_pact`) do not exist in rollgate: a revision is left out.
 */
export type StateHandler = () => Promise<void>;

const TEST_ENVIRONMENT = '16926ef3-590f-4e3f-838e-719717aa88c9';
const DEPLOYMENT_ENVIRONMENT = 'cb632df3-0a0d-4227-aac3-60114dd36479';
const DEPLOYED_VERSION = 'ff3adecf-cfc5-4653-a4e3-f1861092f8e0';
const FOO_SHA = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';
const WEBHOOK = '696c5f93-1b7f-44bc-8d03-59440fcaa9a0';

/** What the states need: the API of the current broker and where to record a path rewrite. */
export interface StateContext {
  api: ApiClient;
  rewrite(from: string, to: string): void;
}

function ok(res: ApiResponse, ...statuses: number[]): ApiResponse {
  assert.ok((statuses.length ? statuses : [200, 201]).includes(res.status), `${res.status} ${res.text}`);
  return res;
}

const seg = encodeURIComponent;
const PACT_V2 = { pactSpecification: { version: '2.0.0' } };
const PRICING_SERVICE_REPOSITORY = 'git@git.realestate.com.au:business-systems/pricing-service';

/** A small builder over the HTTP API, in the Pact Broker's TestDataBuilder's vocabulary. */
class Builder {
  private pactCount = 0;
  constructor(private readonly ctx: StateContext) {}

  async pacticipant(name: string, extra: Record<string, unknown> = {}): Promise<this> {
    ok(await this.ctx.api.post('/pacticipants', { name, ...extra }), 200, 201);
    return this;
  }

  async version(pacticipant: string, number: string, opts: { branch?: string } = {}): Promise<this> {
    ok(await this.ctx.api.put(`/pacticipants/${seg(pacticipant)}/versions/${seg(number)}`, {}), 200, 201);
    if (opts.branch)
      ok(
        await this.ctx.api.put(
          `/pacticipants/${seg(pacticipant)}/branches/${seg(opts.branch)}/versions/${seg(number)}`,
          {},
        ),
        200,
        201,
      );
    return this;
  }

  async tag(pacticipant: string, number: string, tag: string): Promise<this> {
    ok(await this.ctx.api.put(`/pacticipants/${seg(pacticipant)}/versions/${seg(number)}/tags/${seg(tag)}`, {}));
    return this;
  }

  /**
   * Publishes a pact with content of its own (a different pact version each time), or with no interactions as
   * the Pact Broker's test data has it; answers its verification URL.
   */
  async pact(consumer: string, consumerVersion: string, provider: string, opts: { empty?: boolean } = {}) {
    this.pactCount += 1;
    const content = opts.empty
      ? { consumer: { name: consumer }, provider: { name: provider }, interactions: [], metadata: PACT_V2 }
      : aPact(consumer, provider)
          .withInteraction({ description: `request ${this.pactCount}`, path: `/things/${this.pactCount}` })
          .build();
    const res = ok(
      await this.ctx.api.put(
        `/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/version/${seg(consumerVersion)}`,
        content,
      ),
    );
    return new URL(res.body._links['pb:publish-verification-results'].href).pathname;
  }

  async verify(publishUrl: string, providerVersion: string, success = true): Promise<this> {
    ok(await this.ctx.api.post(publishUrl, { success, providerApplicationVersion: providerVersion }), 201);
    return this;
  }

  async environment(name: string, uuid?: string): Promise<this> {
    ok(await this.ctx.api.post('/environments', { name, production: false, ...(uuid ? { uuid } : {}) }), 201);
    return this;
  }

  async deploy(pacticipant: string, number: string, environment: string, applicationInstance?: string) {
    const res = ok(
      await this.ctx.api.post(
        `/pacticipants/${seg(pacticipant)}/versions/${seg(number)}/deployed-versions/environment/${environment}`,
        applicationInstance ? { applicationInstance } : {},
      ),
      201,
    );
    return new URL(res.body._links.self.href).pathname;
  }

  async webhook(uuid: string, consumer: string, provider: string): Promise<this> {
    ok(
      await this.ctx.api.put(`/webhooks/${uuid}`, {
        description: 'a webhook',
        consumer: { name: consumer },
        provider: { name: provider },
        events: [{ name: 'contract_content_changed' }],
        request: { method: 'POST', url: 'https://example.org/hook', body: { some: 'body' } },
      }),
    );
    return this;
  }
}

/** The Pact Broker's "Foo version 1.2.3 verified by Bar" family: a second consumer version's pact verified too. */
async function fooVerifiedByBar(b: Builder, consumer: string, secondProviderVersion?: string): Promise<void> {
  const first = await b.pact(consumer, '1.2.3', 'Bar');
  await b.verify(first, '4.5.6');
  await b.verify(first, secondProviderVersion ?? '7.8.9');
  const second = await b.pact(consumer, '2.0.0', 'Bar');
  await b.verify(second, '4.5.6');
}

async function condorPricingPact(b: Builder, opts: { tag?: string } = {}): Promise<void> {
  await b.pact('Condor', '1.3.0', 'Pricing Service', { empty: true });
  if (opts.tag) await b.tag('Condor', '1.3.0', opts.tag);
}

/** Every provider state of the four pacts (a state with no data to build is a no-op). */
export function providerStates(ctx: StateContext): Record<string, StateHandler> {
  const b = () => new Builder(ctx);
  const none = async () => undefined;
  return {
    // The index and its relations: always there.
    'the pacticipant relations are present': none,
    'the pb:environments relation exists in the index resource': none,
    'the pb:latest-tagged-version relation exists in the index resource': none,
    'the pb:latest-version relation exists in the index resource': none,
    'the pb:pacticipant-branch relation exists in the index resource': none,
    'the pb:pacticipant-version and pb:environments relations exist in the index resource': none,
    'the pb:publish-contracts relations exists in the index resource': none,
    'the pb:publish-provider-contract relation exists in the index resource': none,
    'there is a pf:ui href in the response': none,

    // Pacticipants, versions, tags, branches.
    "'Condor' does not exist in the pact-broker": none,
    "the 'Pricing Service' does not exist in the pact-broker": none,
    'no pact between Condor and the Pricing Service exists': none,
    "'Condor' exists in the pact-broker": async () => {
      await (await b().pacticipant('Condor')).version('Condor', '1.3.0');
    },
    "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'": async () => {
      await (await (await b().pacticipant('Condor')).version('Condor', '1.3.0')).tag('Condor', '1.3.0', 'prod');
    },
    "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3": async () => {
      const x = await b().pacticipant('Condor');
      await x.version('Condor', '1.2.3');
      await x.tag('Condor', '1.2.3', 'production');
      await x.version('Condor', '2.0.0');
      ctx.rewrite(
        '/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-TAGGED-VERSION-Condor-production',
        '/pacticipants/Condor/latest-version/production',
      );
    },
    "'Condor' exists in the pact-broker with the latest version 1.2.3": async () => {
      const x = await b().pacticipant('Condor');
      await x.version('Condor', '1.0.0');
      await x.version('Condor', '1.2.3');
      ctx.rewrite('/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor', '/pacticipants/Condor/latest-version');
    },
    "the 'Pricing Service' already exists in the pact-broker": async () => {
      const x = await b().pacticipant('Pricing Service', { repositoryUrl: PRICING_SERVICE_REPOSITORY });
      await x.version('Pricing Service', '1.3.0');
    },
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker": async () => {
      await (await b().pacticipant('Condor')).pacticipant('Pricing Service');
    },
    'a pacticipant with name Foo exists': async () => {
      await b().pacticipant('Foo');
    },
    'a branch named main exists for pacticipant Foo': async () => {
      await (await b().pacticipant('Foo')).version('Foo', '1', { branch: 'main' });
      ctx.rewrite('/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-BRANCH-Foo-main', '/pacticipants/Foo/branches/main');
    },

    // Pacts.
    'a pact between Condor and the Pricing Service exists': () => condorPricingPact(b()),
    'a latest pact between Condor and the Pricing Service exists': () => condorPricingPact(b()),
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0":
      () => condorPricingPact(b()),
    'a pact between Condor and the Pricing Service exists for the production version of Condor': () =>
      condorPricingPact(b(), { tag: 'prod' }),
    'tagged as prod pact between Condor and the Pricing Service exists': () => condorPricingPact(b(), { tag: 'prod' }),

    // The matrix.
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6': () => fooVerifiedByBar(b(), 'Foo'),
    'the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6': () =>
      fooVerifiedByBar(b(), 'Foo Thing'),
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7': async () => {
      const x = b();
      const url = await x.pact('Foo', '1.2.3', 'Bar');
      await x.verify(url, '4.5.6');
      await x.verify(url, '5.6.7');
    },
    'the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6': async () => {
      const x = b();
      await x.verify(await x.pact('Foo', '1.2.3', 'Bar'), '4.5.6');
      await x.verify(await x.pact('Foo', '1.2.4', 'Bar'), '4.5.6');
    },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 unsuccessfully by 9.9.9':
      async () => {
        const x = b();
        await x.verify(await x.pact('Foo', '1.2.3', 'Bar'), '4.5.6');
        await x.verify(await x.pact('Foo', '1.2.4', 'Bar'), '9.9.9', false);
      },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and 1.2.4 unsuccessfully by 9.9.9':
      async () => {
        const x = b();
        await x.verify(await x.pact('Foo', '1.2.3', 'Bar'), '4.5.6');
        await x.tag('Bar', '4.5.6', 'prod');
        await x.verify(await x.pact('Foo', '1.2.4', 'Bar'), '9.9.9', false);
      },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7':
      async () => {
        const x = b();
        const url = await x.pact('Foo', '1.2.3', 'Bar');
        await x.verify(url, '4.5.6');
        await x.tag('Bar', '4.5.6', 'prod');
        await x.verify(url, '5.6.7');
      },
    'provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed verification for version 3.4.5 tagged prod':
      async () => {
        const x = b();
        await x.version('Foo', '1.2.3');
        await x.tag('Foo', '1.2.3', 'prod');
        await x.verify(await x.pact('Foo', '1.2.3', 'Bar'), '4.5.6');
        await x.version('Foo', '3.4.5');
        await x.tag('Foo', '3.4.5', 'prod');
        await x.verify(await x.pact('Foo', '3.4.5', 'Bar'), '4.5.6', false);
      },

    // Environments and deployments.
    'an environment exists': async () => {
      ok(
        await ctx.api.post('/environments', {
          name: 'test',
          production: false,
          contacts: [{ name: 'foo', details: { emailAddress: 'foo@bar.com' } }],
        }),
        201,
      );
    },
    'an environment with name test exists': async () => {
      await b().environment('test');
      ctx.rewrite('/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS', '/environments');
    },
    'an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists': async () => {
      await b().environment('test', TEST_ENVIRONMENT);
      ctx.rewrite(
        '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-16926ef3-590f-4e3f-838e-719717aa88c9',
        `/environments/${TEST_ENVIRONMENT}`,
      );
    },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for deployment':
      async () => {
        const x = await (await b().pacticipant('Foo')).version('Foo', FOO_SHA);
        await x.environment('test', DEPLOYMENT_ENVIRONMENT);
        const version = `/pacticipants/Foo/versions/${FOO_SHA}`;
        ctx.rewrite(`/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-${FOO_SHA}`, version);
        ctx.rewrite(
          `/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-FOO-${FOO_SHA.toUpperCase()}-TEST`,
          `${version}/deployed-versions/environment/${DEPLOYMENT_ENVIRONMENT}`,
        );
        ctx.rewrite(
          `/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-FOO-${FOO_SHA.toUpperCase()}-TEST`,
          `${version}/released-versions/environment/${DEPLOYMENT_ENVIRONMENT}`,
        );
      },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for release':
      async () => {
        const x = await (await b().pacticipant('Foo')).version('Foo', FOO_SHA);
        await x.environment('test', TEST_ENVIRONMENT);
        ctx.rewrite(
          `/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-${FOO_SHA}`,
          `/pacticipants/Foo/versions/${FOO_SHA}`,
        );
      },
    "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with 2 environments that aren't test available for deployment":
      async () => {
        const x = await (await b().pacticipant('Foo')).version('Foo', FOO_SHA);
        await x.environment('prod');
        await x.environment('dev');
        ctx.rewrite(
          `/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-${FOO_SHA}`,
          `/pacticipants/Foo/versions/${FOO_SHA}`,
        );
      },
    'an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target customer-1':
      async () => {
        const x = await (await b().pacticipant('Foo')).version('Foo', FOO_SHA);
        await x.environment('test', TEST_ENVIRONMENT);
        await x.deploy('Foo', FOO_SHA, TEST_ENVIRONMENT, 'customer-1');
        ctx.rewrite(
          `/PLACEHOLDER-ENVIRONMENT-CURRENTLY-DEPLOYED-${TEST_ENVIRONMENT}`,
          `/environments/${TEST_ENVIRONMENT}/deployed-versions/currently-deployed`,
        );
      },
    'a currently deployed version exists': async () => {
      const x = await (await b().pacticipant('Foo')).version('Foo', FOO_SHA);
      await x.environment('test', DEPLOYMENT_ENVIRONMENT);
      const deployed = await x.deploy('Foo', FOO_SHA, DEPLOYMENT_ENVIRONMENT);
      ctx.rewrite(`/deployed-versions/${DEPLOYED_VERSION}`, deployed);
      ctx.rewrite(`/PLACEHOLDER-DEPLOYED-VERSION-${DEPLOYED_VERSION}`, deployed);
    },

    // Webhooks.
    'a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists': async () => {
      await (await (await b().pacticipant('Condor')).pacticipant('Pricing Service')).webhook(
        WEBHOOK,
        'Condor',
        'Pricing Service',
      );
    },
  };
}

/** Rewrites every test needs whatever its state: the placeholders that stand for index relations. */
export const STANDING_REWRITES: [string, string][] = [
  ['/HAL-REL-PLACEHOLDER-PB-WEBHOOKS', '/webhooks'],
  ['/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS', '/contracts/publish'],
  ['/HAL-REL-PLACEHOLDER-PF-PUBLISH-PROVIDER-CONTRACT-Bar', '/provider-contracts/provider/Bar/publish'],
];
