/**
 * api-smart-diff (MIT) behind its adapter: its `breaking` diffs, each mapped onto an oasdiff id through the JSON path
 * it reports. Diffs outside `paths` (components, security schemes) are not API surface here: a component change shows
 * again at every operation using it. Breaking diffs no id matches are counted in `unmapped`, never reported as ids.
 */
import { apiCompare } from 'api-smart-diff';
import type { Json } from '../../model/json.ts';
import { segment } from '../../model/json.ts';
import { RULE_LEVELS } from '../../rule-levels.ts';
import type { Finding } from '../../types.ts';
import { mapOperationChange } from '../operation-change.ts';
import { type KeywordChange, mapSchemaChange } from '../schema-change.ts';
import { siteOf, type Token, whereArgs } from '../site.ts';

export interface EngineOutput {
  findings: Finding[];
  /** Breaking changes the engine reported that map onto no id rollgate knows. */
  unmapped: number;
}

export function runApiSmartDiff(base: Json, revision: Json): EngineOutput {
  const diffs = quietly(() => apiCompare(structuredClone(base), structuredClone(revision)).diffs);
  const findings: Finding[] = [];
  let unmapped = 0;
  for (const d of diffs) {
    if (d.type !== 'breaking') continue;
    const tokens = d.path as Token[];
    const removed = d.action === 'remove';
    const doc = removed ? base : revision;
    const site = siteOf(tokens, doc);
    if (!site) {
      if (tokens[0] === 'paths') unmapped++;
      continue;
    }
    const change: KeywordChange = { action: d.action as KeywordChange['action'], before: d.before, after: d.after };
    const mapped = site.place
      ? [mapSchemaChange(site, tokens, change, { base, revision })].filter((m) => m !== undefined)
      : mapOperationChange(site, change, { base, revision });
    if (!mapped.length) unmapped++;
    for (const m of mapped)
      findings.push({
        id: m.id,
        level: RULE_LEVELS[m.id],
        location: {
          ...(site.operation ? { operation: site.operation } : {}),
          pointer: tokens.map((t) => segment(t)).join(''),
          side: removed ? 'base' : 'revision',
        },
        args: { ...whereArgs(site), ...m.args },
        engines: ['api-smart-diff'],
      });
  }
  return { findings, unmapped };
}

/**
 * api-smart-diff writes its internal rule errors ("Classification Rule error for node ...") to console.error; a
 * command's stderr is for its own messages. The call is synchronous, so nothing else writes meanwhile.
 */
function quietly<T>(fn: () => T): T {
  const error = console.error;
  console.error = () => {};
  try {
    return fn();
  } finally {
    console.error = error;
  }
}
