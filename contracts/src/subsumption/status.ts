import { matchResponse } from '../../../matchers/src/index.ts';
import type { HttpResponse } from '../pact/model.ts';

/** Every status code a response expectation accepts (its status rules, or its status alone). */
export function acceptedStatuses(r: HttpResponse): number[] {
  const out: number[] = [];
  const statusOnly: HttpResponse = {
    status: r.status,
    headers: {},
    matchingRules: { status: r.matchingRules.status ?? {} },
  };
  for (let s = 100; s < 600; s++) if (matchResponse(statusOnly, { status: s, headers: {} }).length === 0) out.push(s);
  return out;
}
