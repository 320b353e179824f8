import { parsePact } from '../../../contracts/src/pact/parse.ts';
import type { Pact } from '../../../contracts/src/pact/model.ts';

type Json = Record<string, unknown>;

/** A v3 HTTP interaction with defaults: GET /orders/1 in state "an order exists", 200 + JSON body. */
export function http(
  o: {
    description?: string;
    state?: string;
    request?: Json;
    status?: number;
    body?: unknown;
    rules?: Json;
    headers?: Json;
  } = {},
): Json {
  return {
    description: o.description ?? 'get order',
    providerStates: [{ name: o.state ?? 'an order exists' }],
    request: { method: 'GET', path: '/orders/1', ...(o.request ?? {}) },
    response: {
      status: o.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...(o.headers ?? {}) },
      ...(o.body === undefined ? {} : { body: o.body }),
      ...(o.rules ? { matchingRules: { body: o.rules } } : {}),
    },
  };
}

export function message(o: { description?: string; contents: unknown; rules?: Json; metadata?: Json }): Json {
  return {
    description: o.description ?? 'order created',
    providerStates: [{ name: 'an order exists' }],
    contents: o.contents,
    metadata: { contentType: 'application/json', ...(o.metadata ?? {}) },
    ...(o.rules ? { matchingRules: { body: o.rules } } : {}),
  };
}

export const rule = (...matchers: Json[]) => ({ combine: 'AND', matchers });

export function httpPact(...interactions: Json[]): Pact {
  return parsePact({
    consumer: { name: 'web' },
    provider: { name: 'orders' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  });
}

export function messagePact(...messages: Json[]): Pact {
  return parsePact({
    consumer: { name: 'web' },
    provider: { name: 'orders' },
    messages,
    metadata: { pactSpecification: { version: '3.0.0' } },
  });
}
