/**
 * Why a pact is not subsumed: one catalogue of ids and their text. `isSubsumed` reports the id
 * with the rendered sentence, so callers can branch on the id and show the text.
 */
export interface ReasonArgs {
  a?: unknown;
  b?: unknown;
  detail?: string;
}

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

export const REASONS = {
  'no-counterpart': (_: ReasonArgs) =>
    'no interaction of the other pact has the same provider states and the same request',
  'kind-differs': (x: ReasonArgs) => `the interaction is ${x.a} in one pact and ${x.b} in the other`,
  'status-not-implied': (x: ReasonArgs) => `the other pact accepts status ${x.b}, which this pact rejects`,
  'element-not-required': (_: ReasonArgs) => 'this pact requires the element; the other pact does not',
  'kind-not-implied': (x: ReasonArgs) => `the other pact accepts ${x.b} here, where this pact expects ${x.a}`,
  'value-not-implied': (x: ReasonArgs) =>
    `the other pact accepts values (like ${show(x.b)}) that this pact's expectation (${x.detail}) may reject`,
  'rule-not-implied': (x: ReasonArgs) => `no rule of the other pact guarantees this pact's '${x.detail}' rule`,
  'length-not-implied': (x: ReasonArgs) => `the other pact accepts lists of ${x.b} element(s), this pact needs ${x.a}`,
  'body-not-comparable': (x: ReasonArgs) =>
    `cannot prove the ${x.detail} bodies equivalent: only identical bodies and rules are accepted`,
  'content-type-differs': (x: ReasonArgs) => `content type ${show(x.a)} differs from ${show(x.b)}`,
} as const;

export type ReasonId = keyof typeof REASONS;

export interface Stop {
  id: ReasonId;
  element: string;
  args?: ReasonArgs;
}

export const renderReason = (s: Stop) => REASONS[s.id](s.args ?? {});
