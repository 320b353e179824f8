/**
 * The `api-removed-on-rollback` warning: what rolling a provider back removes or breaks in its API (the stored diff
 * of its documents, current -> target, given as data), and which known consumers' pacts use each part. Pure: the
 * broker gathers the diffs and the pacts' interactions (domain/rollback/gather.ts).
 *
 * "Uses": an interaction uses an operation when its method is the operation's and its path fits the operation's path
 * template (`{id}` is one segment). A change about a response field is used by an interaction of that operation whose
 * response body (at that status, when the change names one) has the field; a request field, by one whose request
 * body has it; a parameter, by one that sends it (query or header; a path parameter is part of every call). Any other
 * change of an operation (removed, a success status removed, ...) is used by every interaction of it.
 */
import type {
  ApiChangesRow,
  ApiFinding,
  ApiRemovedChange,
  ApiRemovedWarning,
  PactUsage,
  UsedInteraction,
} from './types.ts';

export interface RolledProvider {
  provider: string;
  from: string;
  to: string;
}

/** One warning per provider move that has API changes (or whose changes are not known yet). */
export function apiRemovedWarnings(
  moves: readonly RolledProvider[],
  changes: readonly ApiChangesRow[],
  pacts: readonly PactUsage[],
): ApiRemovedWarning[] {
  const out: ApiRemovedWarning[] = [];
  const seen = new Set<string>();
  for (const m of moves) {
    const key = `${m.provider}\u0000${m.from}\u0000${m.to}`;
    if (seen.has(key) || m.from === m.to) continue;
    seen.add(key);
    const row = changes.find((c) => c.provider === m.provider && c.from === m.from && c.to === m.to);
    if (!row) continue; // no document at one of the versions: nothing to say
    if (row.status === 'computed' && row.findings.length === 0) continue;
    const users = pacts.filter((p) => p.provider === m.provider);
    out.push({
      id: 'api-removed-on-rollback',
      provider: m.provider,
      from: m.from,
      to: m.to,
      status: row.status,
      changes: row.findings.map((f) => change(f, users)),
    });
  }
  return out;
}

function change(f: ApiFinding, pacts: readonly PactUsage[]): ApiRemovedChange {
  const field = fieldOf(f);
  const usedBy = pacts
    .filter((p) => p.interactions.some((i) => uses(i, f)))
    .map((p) => ({ consumer: p.consumer, version: p.consumerVersion }))
    .sort((a, b) => (a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : a.version < b.version ? -1 : 1));
  return {
    rule: f.id,
    level: f.level,
    ...(f.method ? { method: f.method } : {}),
    ...(f.path ? { path: f.path } : {}),
    ...(field ? { field } : {}),
    detail: f.message,
    usedBy,
  };
}

const fieldOf = (f: ApiFinding): string | undefined =>
  f.args.property ?? (f.args.parameter ? `${f.args.in ? `${f.args.in} ` : ''}${f.args.parameter}` : undefined);

function uses(i: UsedInteraction, f: ApiFinding): boolean {
  if (!f.method || !f.path) return false;
  if (i.method.toUpperCase() !== f.method.toUpperCase() || !fitsTemplate(i.path, f.path)) return false;
  const property = f.args.property;
  if (property !== undefined) {
    if (f.id.startsWith('response-')) {
      if (f.args.status !== undefined && String(i.status) !== f.args.status) return false;
      return hasPath(i.responseBody, property.split('/'));
    }
    if (f.id.startsWith('request-')) return hasPath(i.requestBody, property.split('/'));
  }
  const parameter = f.args.parameter;
  if (parameter !== undefined) {
    if (f.args.in === 'query') return i.query.includes(parameter);
    if (f.args.in === 'header') return i.headers.some((h) => h.toLowerCase() === parameter.toLowerCase());
    return true;
  }
  if (f.args.status !== undefined && /^\d{3}$/.test(f.args.status)) return String(i.status) === f.args.status;
  return true;
}

/** `/orders/7` fits `/orders/{id}`; the server's base path is not known here, so a longer pact path fits by its tail. */
function fitsTemplate(path: string, template: string): boolean {
  const p = path.split('?')[0].split('/').filter(Boolean);
  const t = template.split('/').filter(Boolean);
  if (p.length < t.length) return false;
  const tail = p.slice(p.length - t.length);
  return t.every((seg, k) => (/^\{[^}]+\}$/.test(seg) ? tail[k].length > 0 : seg === decodeURIComponent(tail[k])));
}

/** Whether `value` has the property path (an array's items are looked into: any item having it counts). */
function hasPath(value: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return value !== undefined;
  if (Array.isArray(value)) return value.some((v) => hasPath(v, path));
  if (value === null || typeof value !== 'object') return false;
  const [head, ...rest] = path;
  // oasdiff writes array items as `items` in a property path; a pact body has the array itself.
  if (head === 'items')
    return hasPath(value, rest) || (head in value && hasPath((value as Record<string, unknown>)[head], rest));
  return Object.hasOwn(value, head) && hasPath((value as Record<string, unknown>)[head], rest);
}

/**
 * A warning listing at most `limit` of its changes, those some pact uses first (otherwise in the warning's order),
 * and `moreChanges` saying how many it left out: a large API's rollback may remove hundreds of fields.
 */
export function capApiWarning<W extends ApiRemovedWarning>(w: W, limit: number): W {
  if (w.changes.length <= limit) return w;
  const used = w.changes.filter((c) => c.usedBy.length > 0);
  const kept = [...used, ...w.changes.filter((c) => c.usedBy.length === 0)].slice(0, limit);
  return { ...w, changes: kept, moreChanges: w.changes.length - kept.length };
}
