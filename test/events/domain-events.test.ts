/**
 * Every write others care about emits its domain event through the outbox, audited with who wrote it
 * (issue 13 item 4): one table of HTTP writes, each with the events and audit actions it must leave.
 * Ending support, silent before, is one of them.
 */
import assert from 'node:assert/strict';
import { publishBody } from '../security/support.ts';
import { adapters, startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { until } from '../support/wait.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { outboxDepth } from '../../broker/src/repositories/outbox.ts';

const base64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: { '/': { get: { responses: { '200': { description: 'ok' } } } } },
};

interface Step {
  what: string;
  write: (b: TestBroker, ctx: Record<string, string>) => Promise<{ status: number; body: any }>;
  /** The events it emits (in order) and the audit actions they leave. */
  events: string[];
  audit: string[];
}

const STEPS: Step[] = [
  {
    what: 'publish pacts',
    write: (b) => b.api.post('/contracts/publish', publishBody('web', '1', 'orders')),
    events: ['pactsPublished'],
    audit: ['pacts.published'],
  },
  {
    what: 'publish a verification',
    write: async (b) => {
      const pact = await b.api.get('/pacts/provider/orders/consumer/web/version/1');
      const sha = pact.body._links['pb:pact-version'].name;
      return b.api.post(`/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`, {
        providerApplicationVersion: '1',
        success: true,
      });
    },
    events: ['verificationPublished'],
    audit: ['verification.published'],
  },
  {
    what: 'publish a provider contract',
    write: (b) =>
      b.api.put('/contracts/provider/orders/version/1', {
        content: base64(OPENAPI),
        contentType: 'application/json',
        contractType: 'oas',
      }),
    events: ['providerContractPublished'],
    audit: ['provider-contract.published'],
  },
  {
    what: 'record a deployment',
    write: async (b, ctx) => {
      const res = await b.api.post(`/pacticipants/web/versions/1/deployed-versions/environment/${ctx.env}`, {});
      ctx.deployed = res.body.uuid;
      return res;
    },
    events: ['deploymentRecorded'],
    audit: ['deployment.recorded'],
  },
  {
    what: 'record an undeployment',
    write: (b, ctx) => b.api.patch(`/deployed-versions/${ctx.deployed}`, { currentlyDeployed: false }),
    events: ['undeploymentRecorded'],
    audit: ['undeployment.recorded'],
  },
  {
    what: 'record an undeployment again (nothing changes)',
    write: (b, ctx) => b.api.patch(`/deployed-versions/${ctx.deployed}`, { currentlyDeployed: false }),
    events: [],
    audit: [],
  },
  {
    what: 'record a release',
    write: async (b, ctx) => {
      const res = await b.api.post(`/pacticipants/web/versions/1/released-versions/environment/${ctx.env}`, {});
      ctx.released = res.body.uuid;
      return res;
    },
    events: ['releaseRecorded'],
    audit: ['release.recorded'],
  },
  {
    what: 'record support ended',
    write: (b, ctx) => b.api.patch(`/released-versions/${ctx.released}`, { currentlySupported: false }),
    events: ['supportEnded'],
    audit: ['support.ended'],
  },
  {
    what: 'record support ended again (nothing changes)',
    write: (b, ctx) => b.api.patch(`/released-versions/${ctx.released}`, { currentlySupported: false }),
    events: [],
    audit: [],
  },
];

for (const adapter of adapters()) {
  describe(`domain events of HTTP writes (${adapter})`, function () {
    this.timeout(60_000);
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker({ adapter, config: { precompute: false } });
    });
    after(async () => b.destroy());

    const newest = (table: 'outbox' | 'audit_log', after: number) =>
      b.deps.store.read(() =>
        all<{ id: number; event?: string; action?: string; request_id: string | null; payload?: string }>(
          `SELECT * FROM ${table} WHERE id > ? ORDER BY id`,
          [after],
        ),
      );
    const maxId = async (table: string) =>
      Number((await b.deps.store.read(() => all<{ n: number }>(`SELECT MAX(id) AS n FROM ${table}`)))[0]?.n ?? 0);

    it('each write leaves its events in the outbox and its audit rows, with the request that caused them', async () => {
      const env = await b.api.post('/environments', { name: 'production', production: true });
      const ctx: Record<string, string> = { env: env.body.uuid };
      for (const step of STEPS) {
        const [events, audit] = [await maxId('outbox'), await maxId('audit_log')];
        const res = await step.write(b, ctx);
        assert.ok(res.status < 300, `${step.what}: ${res.status} ${JSON.stringify(res.body)}`);
        const newEvents = await newest('outbox', events);
        const newAudit = await newest('audit_log', audit);
        assert.deepEqual(
          newEvents.map((e) => e.event),
          step.events,
          step.what,
        );
        assert.deepEqual(
          newAudit.map((a) => a.action),
          step.audit,
          step.what,
        );
        const requests = new Set([...newEvents, ...newAudit].map((r) => r.request_id));
        assert.ok(requests.size <= 1 && !requests.has(null), `${step.what}: one request id on all its rows`);
      }
      await until('every event consumed', async () => (await b.deps.store.read(() => outboxDepth())).pending === 0);
    });
  });
}
