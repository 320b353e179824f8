import type { Store } from '../../storage/port.ts';
import type { Route } from './route.ts';

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
 * The pacticipants a write request names, by its route's `writes` (decoded path parameters, the parsed
 * JSON body): what per-pacticipant permissions check. Distinct, in declaration order.
 */
export async function pacticipantsWritten(
  store: Store,
  route: Route,
  params: Record<string, string>,
  body: unknown,
): Promise<string[]> {
  const names: string[] = [];
  for (const source of route.writes ?? []) {
    if ('param' in source) names.push(params[source.param]);
    else if ('body' in source)
      names.push(...valuesAt(body, source.body).filter((v): v is string => typeof v === 'string'));
    else names.push(...(await source.resolve(store, params)));
  }
  return [...new Set(names.filter(Boolean))];
}
