/**
 * Subsumption: "pact A asks nothing pact B did not". When a provider version verified B, and A is
 * subsumed by B, that provider also satisfies A: every interaction of A has one in B with the same
 * provider states and the same request (the provider only ever answered B's example request), and
 * a response expectation at least as strict.
 *
 * The proof is sound, not complete: where it cannot be sure it answers "not subsumed", naming the
 * first interaction of A and the element that stopped it.
 */
import type { Interaction, Pact } from '../pact/model.ts';
import { identityKey, sameProviderStates } from './identity.ts';
import { messageSubsumed, responseSubsumed } from './parts.ts';
import { renderReason, type ReasonId, type Stop } from './reasons.ts';

export type SubsumptionResult =
  | { subsumed: true }
  | { subsumed: false; interaction: string; element: string; reason: string; reasonId: ReasonId };

export function isSubsumed(a: Pact, b: Pact): SubsumptionResult {
  // B's interactions by identity, computed once (in file order): keying every candidate for every
  // interaction of A made a check of two 300-interaction pacts cost ~400 ms.
  const byKey = new Map<string, Interaction[]>();
  for (const ib of b.interactions) {
    const key = identityKey(ib);
    const list = byKey.get(key);
    if (list) list.push(ib);
    else byKey.set(key, [ib]);
  }
  for (const ia of a.interactions) {
    const stop = interactionSubsumed(ia, b.interactions, byKey);
    if (stop)
      return {
        subsumed: false,
        interaction: ia.description,
        element: stop.element,
        reason: renderReason(stop),
        reasonId: stop.id,
      };
  }
  return { subsumed: true };
}

/** The first candidate of B that covers `ia` wins; otherwise the reason from the closest candidate. */
function interactionSubsumed(
  ia: Interaction,
  candidates: Interaction[],
  byKey: Map<string, Interaction[]>,
): Stop | undefined {
  const same = (byKey.get(identityKey(ia)) ?? []).filter((ib) =>
    sameProviderStates(ia.providerStates, ib.providerStates),
  );
  if (!same.length) {
    const kindOnly = candidates.find((ib) => ib.description === ia.description && ib.kind !== ia.kind);
    if (kindOnly) return { id: 'kind-differs', element: 'interaction', args: { a: ia.kind, b: kindOnly.kind } };
    return { id: 'no-counterpart', element: ia.kind === 'http' ? 'request' : 'message' };
  }
  let first: Stop | undefined;
  for (const ib of same) {
    const stop = pairSubsumed(ia, ib);
    if (!stop) return undefined;
    first ??= stop;
  }
  return first;
}

function pairSubsumed(ia: Interaction, ib: Interaction): Stop | undefined {
  if (ia.kind === 'http' && ib.kind === 'http') return responseSubsumed(ia.response, ib.response);
  if (ia.kind === 'message' && ib.kind === 'message') return messageSubsumed('message', ia, ib);
  if (ia.kind === 'sync-message' && ib.kind === 'sync-message') {
    if (ia.response.length > ib.response.length)
      return { id: 'element-not-required', element: `response[${ib.response.length}]` };
    for (const [i, r] of ia.response.entries()) {
      const stop = messageSubsumed(`response[${i}]`, r, ib.response[i]);
      if (stop) return stop;
    }
    return undefined;
  }
  return { id: 'kind-differs', element: 'interaction', args: { a: ia.kind, b: ib.kind } };
}
