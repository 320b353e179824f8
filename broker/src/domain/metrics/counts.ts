import { brokerMetrics } from '../../repositories/metrics.ts';

/** The Pact Broker's `/metrics` counts (pacticipants, integrations, pacts, verifications, deployments...). */
export function* brokerCounts() {
  return yield* brokerMetrics();
}
