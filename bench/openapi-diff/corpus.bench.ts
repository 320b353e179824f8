/**
 * `npm run bench -- openapi-diff`: each engine of the OpenAPI diff, alone and together, on oasdiff's test corpus
 * (fixtures/oas-diff, 235 base/revision pairs with the rule ids oasdiff expects). Per OpenAPI version:
 * - breaking found: breaking pairs where the engine reports an ERR or WARN finding;
 * - ids found: breaking pairs where it reports one of the ids oasdiff expects;
 * - false alarms: not-breaking pairs where it reports an ERR or WARN, on the pairs oasdiff's test checked with every
 *   rule ("sure") and those it checked with one rule only ("probable": such a flag may be a real break);
 * - median ms per pair (warm; Optic in its worker, whose one-time load is reported apart);
 * then each engine's time on two large synthetic documents (large.ts).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { closeSharedOpticWorker, diffOpenApi } from '../../contracts/src/openapi-diff/index.ts';
import type { EngineName } from '../../contracts/src/openapi-diff/index.ts';
import { OpticWorker } from '../../contracts/src/openapi-diff/engines/optic/warm-worker.ts';
import { largeDocumentRows } from './large.ts';

interface Case {
  base: string;
  revision: string;
  oas: '3.0' | '3.1';
  expected_breaking: boolean;
  strength: 'strong' | 'weak';
  oasdiff: { expected_ids: string[]; expected_levels: Record<string, string | null> };
}

const DIR = new URL('../../fixtures/oas-diff/', import.meta.url);

export async function run(): Promise<Record<string, unknown>[]> {
  const { cases } = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as { cases: Case[] };
  const text = (p: string) => readFileSync(new URL(p, DIR), 'utf8');
  const optic = new OpticWorker();
  const loadStarted = performance.now();
  const { loadMs } = await optic.warm();
  const warmMs = performance.now() - loadStarted;
  // The last: what a union of all three would give, were library-only ("unconfirmed") findings counted.
  const setups: [string, EngineName[], boolean][] = [
    ['rollgate', ['rollgate'], false],
    ['api-smart-diff', ['api-smart-diff'], false],
    ['optic', ['optic'], false],
    ['api-smart-diff + optic', ['api-smart-diff', 'optic'], false],
    ['all three (shipped: libraries confirm)', ['rollgate', 'api-smart-diff', 'optic'], false],
    ['all three, unconfirmed counted', ['rollgate', 'api-smart-diff', 'optic'], true],
  ];
  const rows: Record<string, unknown>[] = [];
  for (const [label, engines, union] of setups) {
    const outcomes: { c: Case; flagged: boolean; idHit: boolean; ms: number; partial: boolean }[] = [];
    for (const c of cases) {
      const started = performance.now();
      const result = await diffOpenApi(text(c.base), text(c.revision), { engines, optic });
      const ms = performance.now() - started;
      const all = union ? [...result.findings, ...result.unconfirmed] : result.findings;
      const breaking = all.filter((f) => f.level !== 'INFO');
      const expected = c.oasdiff.expected_ids.filter((id) => !id.endsWith('-comment'));
      outcomes.push({
        c,
        flagged: breaking.length > 0,
        idHit: all.some((f) => expected.includes(f.id)),
        ms,
        partial: result.partial,
      });
    }
    for (const oas of ['3.0', '3.1'] as const) {
      const mine = outcomes.filter((o) => o.c.oas === oas);
      const breaking = mine.filter((o) => o.c.expected_breaking);
      const sure = mine.filter((o) => !o.c.expected_breaking && o.c.strength === 'strong');
      const probable = mine.filter((o) => !o.c.expected_breaking && o.c.strength === 'weak');
      const pct = (n: number, d: number) => `${n}/${d} (${d ? ((100 * n) / d).toFixed(1) : '-'}%)`;
      rows.push({
        engine: label,
        openapi: oas,
        'breaking found': pct(breaking.filter((o) => o.flagged).length, breaking.length),
        'ids found': pct(breaking.filter((o) => o.idHit).length, breaking.length),
        'false alarms (sure)': `${sure.filter((o) => o.flagged).length}/${sure.length}`,
        'flags on probably-not-breaking': `${probable.filter((o) => o.flagged).length}/${probable.length}`,
        partial: mine.filter((o) => o.partial).length,
        'median ms/pair': median(mine.map((o) => o.ms)),
      });
    }
  }
  rows.push(...(await largeDocumentRows(optic)));
  rows.push({
    engine: `Optic worker start: ${Math.round(warmMs)} ms (Optic load inside it ${loadMs} ms)`,
    openapi: '',
  });
  rows.push({
    engine: `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    openapi: '',
  });
  await optic.close();
  await closeSharedOpticWorker();
  return rows;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}
