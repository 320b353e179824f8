import type { PactDiff } from './diff.ts';

const MARK = { added: '+', removed: '-', changed: '~', unchanged: '=' } as const;
const TITLE = {
  added: 'new interaction',
  removed: 'interaction removed',
  changed: 'changed',
  unchanged: 'unchanged',
} as const;

/** Plain-text rendering for the terminal and CI logs: `+` asked now, `-` no longer asked. */
export function formatPactDiff(diff: PactDiff): string {
  const lines = [`Pact ${diff.consumer} -> ${diff.provider}`];
  const changed = diff.interactions.filter((i) => i.change !== 'unchanged');
  if (!changed.length) lines.push('  no change in what the consumer asks for');
  for (const i of changed) {
    lines.push(`${MARK[i.change]} ${i.interaction} (${TITLE[i.change]})`);
    for (const r of i.asksNow) lines.push(`    + ${r.element}: ${r.expectation}`);
    for (const r of i.noLongerAsks) lines.push(`    - ${r.element}: ${r.expectation}`);
  }
  const unchanged = diff.interactions.length - changed.length;
  if (unchanged) lines.push(`(${unchanged} interaction(s) unchanged)`);
  return `${lines.join('\n')}\n`;
}
