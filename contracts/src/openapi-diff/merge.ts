/**
 * One list from several engines: findings that name the same change (id, operation, property / parameter / header /
 * status / media type / value) become one finding listing every engine that saw it, with the first engine's location
 * (rollgate's own rules come first). Sorted ERR, WARN, INFO, then by path, method and id.
 */
import { pathKeyOf } from './model/operations.ts';
import type { Finding, Level } from './types.ts';

const SUBJECT_ARGS = ['property', 'parameter', 'in', 'header', 'status', 'mediaType', 'value', 'key', 'webhook'];
const LEVEL_ORDER: Record<Level, number> = { ERR: 0, WARN: 1, INFO: 2 };

const keyOf = (f: Finding) =>
  [
    f.id,
    f.location.operation?.method ?? '',
    pathKeyOf(f.location.operation?.path ?? ''),
    ...SUBJECT_ARGS.map((a) => f.args[a] ?? ''),
  ].join('\u0000');

/** rollgate's findings, with the engines of library findings naming the same change; the rest apart. */
export function confirmFindings(
  own: Finding[],
  libraries: Finding[][],
): { findings: Finding[]; unconfirmed: Finding[] } {
  const findings = mergeFindings([own]);
  const known = new Map(findings.map((f) => [keyOf(f), f]));
  const rest: Finding[] = [];
  for (const list of libraries)
    for (const f of list) {
      const mine = known.get(keyOf(f));
      if (!mine) rest.push(f);
      else for (const e of f.engines) if (!mine.engines.includes(e)) mine.engines.push(e);
    }
  return { findings, unconfirmed: mergeFindings([rest.filter((f) => !consequence(f, findings))]) };
}

const REMOVED_OPERATION = new Set(['api-path-removed-without-deprecation', 'api-removed-without-deprecation']);
const REMOVED_PROPERTY = new Set([
  'response-required-property-removed',
  'response-optional-property-removed',
  'request-property-removed',
]);

/**
 * A library finding that only restates a consequence of one of rollgate's: anything in an operation rollgate reports
 * removed, or a property below one it reports removed (Optic lists every status and nested field of a removed
 * operation).
 */
function consequence(f: Finding, findings: Finding[]): boolean {
  const op = (x: Finding) => `${x.location.operation?.method} ${pathKeyOf(x.location.operation?.path ?? '')}`;
  return findings.some(
    (g) =>
      op(g) === op(f) &&
      (REMOVED_OPERATION.has(g.id) ||
        (REMOVED_PROPERTY.has(g.id) &&
          REMOVED_PROPERTY.has(f.id) &&
          g.args.status === f.args.status &&
          (f.args.property ?? '').startsWith(`${g.args.property}/`))),
  );
}

export function mergeFindings(lists: Finding[][]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const list of lists)
    for (const f of list) {
      const key = keyOf(f);
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { ...f, engines: [...f.engines] });
      else for (const e of f.engines) if (!seen.engines.includes(e)) seen.engines.push(e);
    }
  return [...byKey.values()].sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      (a.location.operation?.path ?? '').localeCompare(b.location.operation?.path ?? '') ||
      (a.location.operation?.method ?? '').localeCompare(b.location.operation?.method ?? '') ||
      a.id.localeCompare(b.id) ||
      a.location.pointer.localeCompare(b.location.pointer),
  );
}
