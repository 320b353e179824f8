/**
 * Numeric, length and size limits. A request limit that tightens (or appears) refuses values clients send; a response
 * limit that loosens (or disappears) lets values through that clients never had to handle.
 */
import { pairArgs, pairLocation, placeId, placeIds, type Rule } from './rule.ts';

/** keyword -> its name in rule ids, and whether it is an upper bound. */
const LIMITS: [keyword: string, name: string, upper: boolean][] = [
  ['maximum', 'max', true],
  ['exclusiveMaximum', 'exclusive-max', true],
  ['maxLength', 'max-length', true],
  ['maxItems', 'max-items', true],
  ['minimum', 'min', false],
  ['exclusiveMinimum', 'exclusive-min', false],
  ['minLength', 'min-length', false],
  ['minItems', 'min-items', false],
];

export const limits: Rule = {
  name: 'limits',
  ids: placeIds(LIMITS.flatMap(([, n]) => ['increased', 'decreased', 'set', 'unset'].map((c) => `${n}-${c}`))),
  check({ model, emit }) {
    for (const pair of model.schemas) {
      for (const [keyword, name, upper] of LIMITS) {
        const [b, r] = [pair.base[keyword], pair.revision[keyword]];
        // 3.0's boolean exclusiveMinimum/Maximum only qualify minimum/maximum.
        const bn = typeof b === 'number' ? b : undefined;
        const rn = typeof r === 'number' ? r : undefined;
        let change: string | undefined;
        if (bn === undefined && rn !== undefined) change = 'set';
        else if (bn !== undefined && rn === undefined) change = 'unset';
        else if (bn !== undefined && rn !== undefined && bn !== rn) change = rn > bn ? 'increased' : 'decreased';
        if (!change) continue;
        // Only the changes that can break: tighter in a request, looser in a response.
        const tighter = change === 'set' || (upper ? change === 'decreased' : change === 'increased');
        if ((pair.direction === 'request') !== tighter) continue;
        const id = placeId(pair.place, `${name}-${change}`);
        if (id)
          emit(
            id,
            pairLocation(pair, change === 'unset' ? 'base' : 'revision', `/${keyword}`),
            pairArgs(pair, { from: String(b ?? ''), to: String(r ?? '') }),
          );
      }
    }
  },
};
