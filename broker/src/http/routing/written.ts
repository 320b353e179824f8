import type { Store } from '../../storage/port.ts';
import type { Route, Touched } from './route.ts';

/** The values at a body field path: `a.b` reads fields, `a[].b` every element of the list `a`. */
function valuesAt(value: unknown, field: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of field.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    current = current.flatMap((v) => {
      const next = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
      return list ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return current;
}

/**
 * What a write request touches, by its route's `writes` (decoded path parameters, the parsed JSON body): what
 * per-pacticipant permissions check. Names and labels distinct, in declaration order.
 */
export async function touchedBy(
  store: Store,
  route: Route,
  params: Record<string, string>,
  body: unknown,
): Promise<Touched> {
  const t: Touched = { names: [], labels: [], everyone: false };
  for (const source of route.writes ?? []) {
    if ('param' in source) t.names.push(params[source.param]);
    else if ('body' in source)
      t.names.push(...valuesAt(body, source.body).filter((v): v is string => typeof v === 'string'));
    else if ('scopeIn' in source) {
      for (const v of valuesAt(body, source.scopeIn)) {
        const s = v && typeof v === 'object' ? (v as { name?: unknown; label?: unknown }) : {};
        if (typeof s.name === 'string' && s.name) t.names.push(s.name);
        else if (typeof s.label === 'string' && s.label) t.labels.push(s.label);
        else t.everyone = true;
      }
    } else {
      const found = await source.resolve(store, params);
      if (Array.isArray(found)) t.names.push(...found);
      else {
        t.names.push(...found.names);
        t.labels.push(...found.labels);
        t.everyone ||= found.everyone;
      }
    }
  }
  return { names: [...new Set(t.names.filter(Boolean))], labels: [...new Set(t.labels)], everyone: t.everyone };
}

/** The pacticipants a write request names (see touchedBy): distinct, in declaration order. */
export async function pacticipantsWritten(
  store: Store,
  route: Route,
  params: Record<string, string>,
  body: unknown,
): Promise<string[]> {
  return (await touchedBy(store, route, params, body)).names;
}
