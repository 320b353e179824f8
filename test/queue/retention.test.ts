/**
 * Retention of finished work (issue 13 item 3): finished jobs, consumed events, audit rows and finished
 * webhook triggers with their executions are deleted once older than their ROLLGATE_RETENTION_* setting,
 * in small batches; work still to do is never deleted, whatever its age; 0 keeps everything.
 */
import assert from 'node:assert/strict';
import { insertAuditEntry } from '../../broker/src/audit/repository.ts';
import { claim, complete, enqueue, fail } from '../../broker/src/queue/index.ts';
import { setClock } from '../../broker/src/repositories/clock.ts';
import { appendEvent, markEventsDone } from '../../broker/src/repositories/outbox.ts';
import { purgeFinishedWork, retentionSettings } from '../../broker/src/retention/purge.ts';
import { configFromEnv } from '../../broker/src/config.ts';
import { all, get } from '../../broker/src/storage/sql.ts';
import { writeCount } from '../../broker/src/storage/write-counter.ts';
import { addExecution, addTrigger, settleTrigger } from '../../broker/src/webhooks/repository.ts';
import { adapters, startTestBroker } from '../support/test-broker.ts';
import { until } from '../support/wait.ts';
import { freshDatabase, storageAdapters, type AnyStore, type FreshDatabase } from '../storage/support.ts';

const DAY = 86_400_000;
const SYSTEM = { principal: 'system', principalKind: 'system' };

/** One of each kind of work, finished or not, written with the clock at `at`; names carry `tag`. */
async function writeWork(store: AnyStore, tag: string, at: Date) {
  setClock(() => at);
  try {
    for (const status of ['done', 'failed', 'running', 'queued'] as const) {
      // A kind of its own, so a later claim never takes over this job once its lease expired.
      await store.write(() => enqueue(`${tag}:${status}`, 'key', {}, { maxAttempts: 1 }));
      if (status === 'queued') continue;
      const [job] = await store.write(() => claim(`${tag}:${status}`, 'w', 60_000));
      if (status === 'done') await store.write(() => complete(job!));
      if (status === 'failed') await store.write(() => fail(job!, new Error('no'), null));
    }
    await store.write(function* () {
      yield* appendEvent('pacticipantCreated', { tag, consumed: true }, SYSTEM);
      const [done] = yield* all<{ id: number }>('SELECT MAX(id) AS id FROM outbox');
      yield* markEventsDone([Number(done!.id)]);
      yield* appendEvent('pacticipantCreated', { tag, consumed: false }, SYSTEM);
      yield* insertAuditEntry({ ...SYSTEM, action: 'pacticipant.created', subject: tag });
      for (const status of ['success', 'queued'] as const) {
        const { trigger } = yield* addTrigger({
          dedupeKey: `${tag}-${status}`,
          webhookUuid: 'hook',
          event: 'contract_published',
          type: 'event',
          context: {},
          maxAttempts: 1,
        });
        yield* addExecution({
          triggerId: trigger.id,
          attempt: 1,
          success: status === 'success',
          logs: tag,
          startedAt: at.toISOString(),
          durationMs: 1,
        });
        if (status === 'success') yield* settleTrigger(trigger.id, 'success', 1, null);
      }
    });
  } finally {
    setClock(undefined);
  }
}

/** What is left, as "kind:status" per tag. */
async function left(store: AnyStore) {
  return store.read(function* () {
    const jobs = yield* all<{ kind: string }>('SELECT kind FROM jobs ORDER BY id');
    const events = yield* all<{ payload: string }>('SELECT payload FROM outbox ORDER BY id');
    const audit = yield* all<{ subject: string }>('SELECT subject FROM audit_log ORDER BY id');
    const triggers = yield* all<{ dedupe_key: string }>('SELECT dedupe_key FROM webhook_triggers ORDER BY id');
    const executions = yield* all<{ logs: string }>('SELECT logs FROM webhook_executions ORDER BY id');
    return {
      jobs: jobs.map((j) => j.kind),
      events: events.map((e) => JSON.parse(e.payload)).map((p) => `${p.tag}:${p.consumed ? 'done' : 'pending'}`),
      audit: audit.map((a) => a.subject),
      triggers: triggers.map((t) => t.dedupe_key),
      executions: executions.map((e) => e.logs),
    };
  });
}

for (const adapter of storageAdapters()) {
  describe(`retention of finished work [${adapter}]`, function () {
    this.timeout(60_000);
    let db: FreshDatabase;
    let store: AnyStore;
    beforeEach(async () => {
      db = await freshDatabase(adapter);
      store = await db.open();
    });
    afterEach(async () => {
      setClock(undefined);
      await db.destroy();
    });

    it('deletes finished work older than its setting, keeps newer work and everything still to do', async () => {
      const now = Date.now();
      await writeWork(store, 'old', new Date(now - 40 * DAY));
      await writeWork(store, 'mid', new Date(now - 10 * DAY));
      await writeWork(store, 'new', new Date(now - DAY));
      const counter = await store.read(() => writeCount());
      const counts = await purgeFinishedWork(
        store,
        { jobsDays: 7, eventsDays: 7, auditDays: 30, webhookExecutionsDays: 30 },
        2,
      );
      assert.deepEqual(counts, { jobs: 4, events: 2, audit: 1, webhookTriggers: 1 });
      assert.deepEqual(await left(store), {
        // Finished jobs older than 7 days go; running and queued ones stay whatever their age.
        jobs: [
          'old:running',
          'old:queued',
          'mid:running',
          'mid:queued',
          'new:done',
          'new:failed',
          'new:running',
          'new:queued',
        ],
        events: ['old:pending', 'mid:pending', 'new:done', 'new:pending'],
        audit: ['mid', 'new'],
        // The delivered trigger older than 30 days goes with its execution; the queued one stays.
        triggers: ['old-queued', 'mid-success', 'mid-queued', 'new-success', 'new-queued'],
        executions: ['old', 'mid', 'mid', 'new', 'new'],
      });
      assert.equal(await store.read(() => writeCount()), counter, 'bookkeeping: cached answers stay valid');
    });

    it('deletes in batches until nothing old is left, and keeps everything when a setting is 0', async () => {
      const old = new Date(Date.now() - 100 * DAY);
      setClock(() => old);
      for (let i = 0; i < 7; i++)
        await store.write(() => insertAuditEntry({ ...SYSTEM, action: 'pacticipant.created', subject: `a${i}` }));
      setClock(undefined);
      const keep = await purgeFinishedWork(
        store,
        { jobsDays: 0, eventsDays: 0, auditDays: 0, webhookExecutionsDays: 0 },
        3,
      );
      assert.deepEqual(keep, { jobs: 0, events: 0, audit: 0, webhookTriggers: 0 });
      const gone = await purgeFinishedWork(
        store,
        { jobsDays: 0, eventsDays: 0, auditDays: 30, webhookExecutionsDays: 0 },
        3,
      );
      assert.equal(gone.audit, 7);
      const n = await store.read(() => get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log'));
      assert.equal(Number(n!.n), 0);
    });
  });
}

describe('retention settings', () => {
  it('reads ROLLGATE_RETENTION_*_DAYS with their defaults, and refuses a bad value naming the variable', () => {
    assert.deepEqual(retentionSettings(configFromEnv({})), {
      jobsDays: 7,
      eventsDays: 7,
      auditDays: 365,
      webhookExecutionsDays: 30,
    });
    const env = {
      ROLLGATE_RETENTION_JOBS_DAYS: '1',
      ROLLGATE_RETENTION_EVENTS_DAYS: '2',
      ROLLGATE_RETENTION_AUDIT_DAYS: '0',
      ROLLGATE_RETENTION_WEBHOOK_EXECUTIONS_DAYS: '3.5',
    };
    assert.deepEqual(retentionSettings(configFromEnv(env)), {
      jobsDays: 1,
      eventsDays: 2,
      auditDays: 0,
      webhookExecutionsDays: 3.5,
    });
    assert.throws(
      () => retentionSettings(configFromEnv({ ROLLGATE_RETENTION_AUDIT_DAYS: 'a year' })),
      /ROLLGATE_RETENTION_AUDIT_DAYS must be a number of days/,
    );
    assert.throws(() => retentionSettings(configFromEnv({ ROLLGATE_RETENTION_JOBS_DAYS: '-1' })), /JOBS_DAYS/);
  });
});

for (const adapter of adapters()) {
  describe(`retention in a running broker [${adapter}]`, function () {
    this.timeout(30_000);
    it('runs in the background at the configured interval', async () => {
      const b = await startTestBroker({
        adapter,
        config: { retentionIntervalMinutes: 0.002, retentionAuditDays: 30, precompute: false },
      });
      try {
        setClock(() => new Date(Date.now() - 60 * DAY));
        await b.deps.store.write(() =>
          insertAuditEntry({ ...SYSTEM, action: 'environment.created', subject: 'from long ago' }),
        );
        setClock(undefined);
        await b.deps.store.write(() =>
          insertAuditEntry({ ...SYSTEM, action: 'environment.created', subject: 'today' }),
        );
        const subjects = await until('the old audit row to be deleted', async () => {
          const rows = await b.deps.store.read(() => all<{ subject: string }>('SELECT subject FROM audit_log'));
          return rows.some((r) => r.subject === 'from long ago') ? undefined : rows.map((r) => r.subject);
        });
        assert.deepEqual(subjects, ['today']);
      } finally {
        setClock(undefined);
        await b.destroy();
      }
    });
  });
}
