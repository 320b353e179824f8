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
import { EVENT_NAMES } from '../../broker/src/domain/events.ts';

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

const WEBHOOK = {
  description: 'ci',
  events: [{ name: 'contract_published' }],
  request: { method: 'POST', url: 'https://ci.example/hook' },
};

const STEPS: Step[] = [
  {
    what: 'create an environment',
    write: async (b, ctx) => {
      const res = await b.api.post('/environments', { name: 'prod', production: true });
      ctx.env = res.body.uuid;
      return res;
    },
    events: ['environmentCreated'],
    audit: ['environment.created'],
  },
  {
    what: 'rename an environment',
    write: (b, ctx) => b.api.put(`/environments/${ctx.env}`, { name: 'production', production: true }),
    events: ['environmentUpdated'],
    audit: ['environment.updated'],
  },
  {
    what: 'create a pacticipant',
    write: (b) => b.api.post('/pacticipants', { name: 'web' }),
    events: ['pacticipantCreated'],
    audit: ['pacticipant.created'],
  },
  {
    what: 'update a pacticipant',
    write: (b) => b.api.patch('/pacticipants/web', { displayName: 'Web' }),
    events: ['pacticipantUpdated'],
    audit: ['pacticipant.updated'],
  },
  {
    what: 'label a pacticipant',
    write: (b) => b.api.put('/pacticipants/web/labels/frontend', {}),
    events: ['labelAdded'],
    audit: ['label.added'],
  },
  {
    what: 'label it again (nothing changes)',
    write: (b) => b.api.put('/pacticipants/web/labels/frontend', {}),
    events: [],
    audit: [],
  },
  {
    what: 'remove the label',
    write: (b) => b.api.delete('/pacticipants/web/labels/frontend'),
    events: ['labelRemoved'],
    audit: ['label.removed'],
  },
  {
    what: 'create a version',
    write: (b) => b.api.put('/pacticipants/web/versions/0', { branch: 'main' }),
    events: ['versionSaved'],
    audit: ['version.saved'],
  },
  {
    what: 'tag a version',
    write: (b) => b.api.put('/pacticipants/web/versions/0/tags/rc', {}),
    events: ['tagAdded'],
    audit: ['tag.added'],
  },
  {
    what: 'tag it again (nothing changes)',
    write: (b) => b.api.put('/pacticipants/web/versions/0/tags/rc', {}),
    events: [],
    audit: [],
  },
  {
    what: 'untag a version',
    write: (b) => b.api.delete('/pacticipants/web/versions/0/tags/rc'),
    events: ['tagRemoved'],
    audit: ['tag.removed'],
  },
  {
    what: 'record a data migration',
    write: (b) => b.api.put('/pacticipants/web/versions/0/migrations/m1', { reversible: false }),
    events: ['migrationRecorded'],
    audit: ['migration.recorded'],
  },
  {
    what: 'record it again (nothing changes)',
    write: (b) => b.api.put('/pacticipants/web/versions/0/migrations/m1', { reversible: false }),
    events: [],
    audit: [],
  },
  {
    what: 'delete a data migration',
    write: (b) => b.api.delete('/pacticipants/web/versions/0/migrations/m1'),
    events: ['migrationDeleted'],
    audit: ['migration.deleted'],
  },
  {
    what: 'declare a requirement',
    write: (b) => b.api.put('/pacticipants/web/versions/0/requirements/web', { atLeast: '0' }),
    events: ['requirementRecorded'],
    audit: ['requirement.recorded'],
  },
  {
    what: 'declare it again (nothing changes)',
    write: (b) => b.api.put('/pacticipants/web/versions/0/requirements/web', { atLeast: '0' }),
    events: [],
    audit: [],
  },
  {
    what: 'delete a requirement',
    write: (b) => b.api.delete('/pacticipants/web/versions/0/requirements/web'),
    events: ['requirementDeleted'],
    audit: ['requirement.deleted'],
  },
  {
    what: 'add a version to a branch',
    write: (b) => b.api.put('/pacticipants/web/branches/feat-x/versions/0', {}),
    events: ['branchVersionAdded'],
    audit: ['branch-version.added'],
  },
  {
    what: 'delete a branch',
    write: (b) => b.api.delete('/pacticipants/web/branches/feat-x'),
    events: ['branchDeleted'],
    audit: ['branch.deleted'],
  },
  {
    what: 'delete a version',
    write: (b) => b.api.delete('/pacticipants/web/versions/0'),
    events: ['versionDeleted'],
    audit: ['version.deleted'],
  },
  {
    what: 'create a webhook',
    write: async (b, ctx) => {
      const res = await b.api.post('/webhooks', WEBHOOK);
      ctx.webhook = res.body.uuid;
      return res;
    },
    events: ['webhookCreated'],
    audit: ['webhook.created'],
  },
  {
    what: 'update a webhook',
    write: (b, ctx) => b.api.put(`/webhooks/${ctx.webhook}`, { ...WEBHOOK, enabled: false }),
    events: ['webhookUpdated'],
    audit: ['webhook.updated'],
  },
  {
    what: 'delete a webhook',
    write: (b, ctx) => b.api.delete(`/webhooks/${ctx.webhook}`),
    events: ['webhookDeleted'],
    audit: ['webhook.deleted'],
  },
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
  {
    what: 'create a second environment',
    write: async (b, ctx) => {
      const res = await b.api.post('/environments', { name: 'scratch', production: false });
      ctx.scratch = res.body.uuid;
      return res;
    },
    events: ['environmentCreated'],
    audit: ['environment.created'],
  },
  {
    what: 'delete an environment',
    write: (b, ctx) => b.api.delete(`/environments/${ctx.scratch}`),
    events: ['environmentDeleted'],
    audit: ['environment.deleted'],
  },
  {
    what: 'create a pacticipant with PUT',
    write: (b) => b.api.put('/pacticipants/tmp', {}),
    events: ['pacticipantCreated'],
    audit: ['pacticipant.created'],
  },
  {
    what: 'delete a pacticipant',
    write: (b) => b.api.delete('/pacticipants/tmp'),
    events: ['pacticipantDeleted'],
    audit: ['pacticipant.deleted'],
  },
];

for (const adapter of adapters()) {
  describe(`domain events of HTTP writes [${adapter}]`, function () {
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
      const ctx: Record<string, string> = {};
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

describe('the domain event catalogue', () => {
  it('has every event emitted by one of the writes above', () => {
    assert.deepEqual([...new Set(STEPS.flatMap((s) => s.events))].sort(), [...EVENT_NAMES].sort());
  });
});
