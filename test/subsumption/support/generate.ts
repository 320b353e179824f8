import { RuleContext, TYPE_LIKE } from '../../../matchers/src/context.ts';
import type { HttpResponse } from '../../../contracts/src/pact/model.ts';

/**
 * A response that satisfies B's expectation, generated from B's rules: values matched by type get
 * another value of that type, integers another integer, lists matched by example another length
 * within their bounds, maps an extra key now and then; exact values stay as they are.
 */
export function generateResponse(b: HttpResponse, rand: () => number): HttpResponse {
  const ctx = new RuleContext(b.matchingRules.body ?? {}, true);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const gen = (path: string[], ex: unknown): unknown => {
    const sel = ctx.select([path]);
    const names = sel?.rules.matchers.map((m) => m.match) ?? [];
    if (Array.isArray(ex)) {
      if (!names.some((n) => TYPE_LIKE.has(n))) return ex.map((v, i) => gen([...path, String(i)], v));
      if (ex.length === 0) return [];
      const own = sel!.cascaded ? [] : sel!.rules.matchers;
      const min = Math.max(0, ...own.map((m) => (typeof m.min === 'number' ? m.min : 0)));
      const max = Math.min(min + 3, ...own.map((m) => (typeof m.max === 'number' ? m.max : Infinity)));
      const n = min + Math.floor(rand() * (max - min + 1));
      return Array.from({ length: n }, (_, i) => gen([...path, String(i)], ex[i] ?? ex[0]));
    }
    if (ex !== null && typeof ex === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ex)) out[k] = gen([...path, k], v);
      if (rand() < 0.3) out[`extra${Math.floor(rand() * 100)}`] = 'ignored by the consumer';
      return out;
    }
    if (!sel || names.includes('equality') || names.includes('regex')) return ex;
    if (names.includes('integer')) return Math.floor(rand() * 2000) - 1000;
    if (names.includes('type') || names.includes('min') || names.includes('max')) {
      if (typeof ex === 'number') return pick([Math.floor(rand() * 1000), rand() * 100]);
      if (typeof ex === 'string') return pick(['', 'x', `s${Math.floor(rand() * 1e6)}`]);
      if (typeof ex === 'boolean') return rand() < 0.5;
    }
    return ex;
  };
  return { ...b, headers: { ...b.headers }, body: b.body === undefined ? undefined : gen(['$'], b.body) };
}
