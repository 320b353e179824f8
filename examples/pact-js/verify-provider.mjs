// The provider's verification test as the recipes run it (`npm run test:pact` in github-actions/provider.yml):
// the pact-js Verifier against the provider running locally, results published to the broker with the provider's
// version and branch. Two modes, chosen by the variables the pipeline sets:
//   - PACT_URL set (the broker's webhook named one changed pact): verify that pact;
//   - otherwise: the pacts the broker selects: the consumers' main branches and their deployed and released
//     versions, with pending pacts (a new pact cannot fail the provider's build) and work-in-progress pacts.
// PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN are the same two variables the CLIs read.
import { Verifier } from '@pact-foundation/pact';

const env = process.env;
const required = (name) => {
  if (!env[name]) throw new Error(`verify-provider: ${name} is not set`);
  return env[name];
};

const fromWebhook = Boolean(env.PACT_URL);
await new Verifier({
  provider: 'orders',
  providerBaseUrl: env.PROVIDER_BASE_URL ?? 'http://127.0.0.1:8080',
  providerVersion: required('PROVIDER_VERSION'),
  providerVersionBranch: required('PROVIDER_BRANCH'),
  publishVerificationResult: true,
  pactBrokerUrl: required('PACT_BROKER_BASE_URL'),
  pactBrokerToken: env.PACT_BROKER_TOKEN || undefined,
  ...(fromWebhook
    ? { pactUrls: [env.PACT_URL] }
    : {
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        enablePending: true,
        includeWipPactsSince: '2024-01-01',
        failIfNoPactsFound: false,
      }),
  // Your provider's states: set up the data each interaction expects.
  stateHandlers: {
    'order 1 exists': async () => {},
    'no orders exist': async () => {},
  },
  logLevel: 'warn',
}).verifyProvider();
