import assert from 'node:assert/strict';
import type { ApiResponse } from '../../support/http-client.ts';
import { aPact, base64 } from '../../support/pact-builder.ts';
import { snapshotTables } from '../../support/snapshot.ts';
import type { TestBroker } from '../../support/test-broker.ts';

/** Every row of every table (test/support/snapshot.ts): compare two snapshots to prove a request wrote nothing. */
export const snapshot = (b: TestBroker) => snapshotTables(b.deps.store);

/**
 * A snapshot without the audit rows of refused access (`access.refused`): a request refused for want of
 * permission is itself audited (docs/security.md), the one row a refused request leaves on purpose.
 */
export function withoutRefusalAudit(s: Record<string, unknown[]>): Record<string, unknown[]> {
  if (!s.audit_log) return s;
  return { ...s, audit_log: s.audit_log.filter((r) => (r as { action?: string }).action !== 'access.refused') };
}

/** Runs `request` and asserts it answered `status` with a JSON `errors` body and changed no row. */
export async function refused(
  b: TestBroker,
  status: number,
  request: () => Promise<ApiResponse>,
  pattern?: RegExp,
): Promise<ApiResponse> {
  const before = await snapshot(b);
  const res = await request();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/(hal\+)?json/);
  assert.ok(res.body && typeof res.body === 'object' && 'errors' in res.body, `no errors in ${res.text}`);
  if (pattern) assert.match(JSON.stringify(res.body.errors), pattern);
  assert.deepEqual(
    withoutRefusalAudit(await snapshot(b)),
    withoutRefusalAudit(before),
    'the refused request changed the database',
  );
  return res;
}

/** Asserts a HAL JSON answer with the status. */
export function hal(res: ApiResponse, status = 200): any {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/hal\+json;\s*charset=utf-8$/i);
  return res.body;
}

/** The path and query of an absolute href (links are built from the request's origin). */
export function pathOf(href: string): string {
  const u = new URL(href);
  return u.pathname + u.search;
}

/** Expands `{name}` placeholders the way the Pact clients do (values URL-encoded). */
export function expand(href: string, values: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (_, k: string) => {
    assert.ok(k in values, `no value for {${k}} in ${href}`);
    return encodeURIComponent(values[k]);
  });
}

export function publishBody(
  opts: {
    consumer?: string;
    provider?: string;
    version?: string;
    branch?: string;
    tags?: string[];
    pact?: Record<string, unknown>;
  } = {},
) {
  const consumer = opts.consumer ?? 'web';
  const provider = opts.provider ?? 'orders';
  const pact = opts.pact ?? aPact(consumer, provider).withInteraction().build();
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: opts.version ?? '1.0.0',
    ...(opts.branch ? { branch: opts.branch } : {}),
    ...(opts.tags ? { tags: opts.tags } : {}),
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: base64(pact),
      },
    ],
  };
}

/** Publishes through `POST /contracts/publish`, as `pact-broker publish` does. */
export async function publish(b: TestBroker, opts: Parameters<typeof publishBody>[0] = {}): Promise<void> {
  const res = await b.api.post('/contracts/publish', publishBody(opts));
  assert.equal(res.status, 200, res.text);
}

export async function createEnvironment(
  b: TestBroker,
  name: string,
  production = name === 'production',
): Promise<string> {
  const res = await b.api.post('/environments', { name, production });
  assert.equal(res.status, 201, res.text);
  return res.body.uuid as string;
}

export const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
