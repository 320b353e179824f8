import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal.ts';

/** Limits that apply while handling one request (from the broker config; defaults outside a request). */
export interface RequestLimits {
  maxJsonDepth: number;
  maxInteractions: number;
  maxOpenApiBytes: number;
  maxOpenApiPaths: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxJsonDepth: 64,
  maxInteractions: 10_000,
  maxOpenApiBytes: 4 * 1024 * 1024,
  maxOpenApiPaths: 1_000,
};

/**
 * What code deep inside a request (storage hooks, decoders) may need to know about it without being
 * handed it: the request id, who is asking, and the limits. Set by the request-id middleware with
 * AsyncLocalStorage, so it follows the request through awaits and into the write transaction.
 */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
  limits: RequestLimits;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function requestLimits(): RequestLimits {
  return storage.getStore()?.limits ?? DEFAULT_LIMITS;
}
