import type { TestBroker } from '../support/test-broker.ts';
import { settleEvidence } from '../support/settle.ts';

export const ENVIRONMENTS = ['production', 'staging'];
export const PACTICIPANTS = ['web', 'checkout', 'payments', 'orders'];

/**
 * A small history with everything the stream carries: labels, branches, tags, pacts shared by several consumer
 * versions, successful and failed verifications, an OpenAPI document, deployments and undeployments on two
 * instances, releases and an ended support, a webhook. Rollback answers depend on its order (prior versions).
 */
export async function buildHistory(b: TestBroker): Promise<void> {
  const td = b.td;
  await td.setNow('2026-02-01T10:00:00.000Z').environment('production', { production: true }).environment('staging');
  for (let i = 1; i <= 4; i++) {
    const v = String(i);
    const path = i >= 3 ? '/orders/v2' : '/orders';
    await td
      .addDays(1)
      .publishPact({ consumer: 'web', version: v, provider: 'checkout', branch: 'main', tags: [`t${v}`] })
      .publishPact({
        consumer: 'checkout',
        version: v,
        provider: 'orders',
        branch: i % 2 ? 'main' : 'feat/x',
        pact: (p) => p.withInteraction({ path }),
      })
      .publishPact({ consumer: 'checkout', version: v, provider: 'payments', branch: 'main' })
      .verify({ consumer: 'web', version: v, provider: 'checkout', providerVersion: v, success: true, branch: 'main' })
      .verify({
        consumer: 'checkout',
        version: v,
        provider: 'orders',
        providerVersion: v,
        success: true,
        branch: 'main',
      })
      .verify({ consumer: 'checkout', version: v, provider: 'payments', providerVersion: v, success: i !== 2 });
    if (i >= 2)
      await td.verify({
        consumer: 'checkout',
        version: v,
        provider: 'orders',
        providerVersion: String(i - 1),
        success: i !== 3,
      });
    for (const p of ['orders', 'payments', 'checkout', 'web'])
      await td.deploy({ pacticipant: p, version: v, environment: 'staging' });
    if (i >= 2)
      for (const p of ['orders', 'payments', 'checkout', 'web'])
        await td.deploy({
          pacticipant: p,
          version: String(i - 1),
          environment: 'production',
          instance: p === 'web' ? 'eu' : undefined,
        });
  }
  await td
    .deploy({ pacticipant: 'web', version: '2', environment: 'production', instance: 'us' })
    .undeploy({ pacticipant: 'payments', environment: 'staging' })
    .release({ pacticipant: 'payments', version: '2', environment: 'production' })
    .release({ pacticipant: 'payments', version: '3', environment: 'production' })
    .endSupport({ pacticipant: 'payments', version: '2', environment: 'production' })
    .providerContract({
      provider: 'payments',
      version: '3',
      document: {
        openapi: '3.0.0',
        info: { title: 'payments', version: '3' },
        paths: { '/': { get: { responses: { '200': { description: 'ok' } } } } },
      },
      success: true,
    })
    .realTime();
  // Issue 21's inputs: a data migration of the current checkout, a requirement of web 4 on checkout.
  for (const [path, body] of [
    ['/pacticipants/checkout/versions/4/migrations/add-column', { reversible: true, down: 'drop column' }],
    ['/pacticipants/web/versions/4/requirements/checkout', { atLeast: '3' }],
  ] as const) {
    const res = await b.api.put(path, body);
    if (res.status >= 300) throw new Error(res.text);
  }
  const label = await b.api.put('/pacticipants/web/labels/frontend');
  if (label.status >= 300) throw new Error(label.text);
  const hook = await b.api.post('/webhooks', {
    description: 'notify',
    events: [{ name: 'contract_published' }],
    consumer: { name: 'web' },
    request: { method: 'POST', url: 'https://ci.example/hook', headers: { Authorization: 'Bearer s3cret' } },
  });
  if (hook.status >= 300) throw new Error(hook.text);
  await settleEvidence(b.deps.store);
}

/** Every gate answer of the history: can-i-rollback of each environment (any subset, each pacticipant) and can-i-deploy. */
export async function gateAnswers(b: TestBroker): Promise<Record<string, unknown>> {
  await settleEvidence(b.deps.store);
  const out: Record<string, unknown> = {};
  const strip = (body: unknown) => JSON.parse(JSON.stringify(body).replaceAll(b.url, 'BROKER'));
  for (const env of ENVIRONMENTS) {
    const questions = ['', ...PACTICIPANTS.map((p) => `&pacticipant=${p}`), '&pacticipant=web&steps=2'];
    for (const q of questions) {
      const res = await b.api.get(`/can-i-rollback?environment=${env}${q}`);
      out[`rollback ${env}${q}`] = { status: res.status, body: strip(res.body) };
    }
    for (const p of PACTICIPANTS)
      for (const v of ['1', '4']) {
        const res = await b.api.get(`/can-i-deploy?pacticipant=${p}&version=${v}&environment=${env}`);
        out[`deploy ${p}@${v} ${env}`] = { status: res.status, body: strip(res.body) };
      }
  }
  return out;
}
