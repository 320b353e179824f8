import { setImmediate } from 'node:timers/promises';
import type { BrokerConfig } from '../config.ts';
import { purgeAuditEntries } from '../audit/repository.ts';
import { message } from '../messages.ts';
import { purgeFinishedJobs } from '../queue/jobs.ts';
import { nowIso } from '../repositories/clock.ts';
import { purgeConsumedEvents } from '../repositories/outbox.ts';
import type { Store } from '../storage/port.ts';
import { readCommitted, type Program } from '../storage/sql.ts';
import { purgeFinishedTriggers } from '../webhooks/retention.ts';

/** A bad ROLLGATE_RETENTION_* setting: the broker does not start. */
class RetentionConfigError extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'RetentionConfigError';
  }
}

/** Days each kind of finished work is kept; 0 keeps it forever. */
export interface RetentionSettings {
  jobsDays: number;
  eventsDays: number;
  auditDays: number;
  webhookExecutionsDays: number;
}

/** Rows deleted per transaction: small enough that a write waiting behind a batch waits a few milliseconds. */
const RETENTION_BATCH = 500;

const DAY_MS = 86_400_000;

export function retentionSettings(config: BrokerConfig): RetentionSettings {
  const days = (name: string, v: number) => {
    if (!Number.isFinite(v) || v < 0)
      throw new RetentionConfigError(message('retention.config.days', { name, value: v }));
    return v;
  };
  return {
    jobsDays: days('ROLLGATE_RETENTION_JOBS_DAYS', config.retentionJobsDays),
    eventsDays: days('ROLLGATE_RETENTION_EVENTS_DAYS', config.retentionEventsDays),
    auditDays: days('ROLLGATE_RETENTION_AUDIT_DAYS', config.retentionAuditDays),
    webhookExecutionsDays: days('ROLLGATE_RETENTION_WEBHOOK_EXECUTIONS_DAYS', config.retentionWebhookExecutionsDays),
  };
}

export interface PurgeCounts {
  jobs: number;
  events: number;
  audit: number;
  webhookTriggers: number;
}

const PURGES: {
  key: keyof PurgeCounts;
  days: keyof RetentionSettings;
  purge: (before: Date, limit: number) => Program<number>;
}[] = [
  { key: 'jobs', days: 'jobsDays', purge: purgeFinishedJobs },
  { key: 'events', days: 'eventsDays', purge: purgeConsumedEvents },
  { key: 'audit', days: 'auditDays', purge: purgeAuditEntries },
  { key: 'webhookTriggers', days: 'webhookExecutionsDays', purge: purgeFinishedTriggers },
];

/**
 * Deletes finished work older than its retention: finished jobs, consumed events, audit rows, finished
 * webhook triggers with their executions. In batches of `batch` rows, each its own short transaction
 * with the event loop free in between, so writes never wait long behind it. The tables it deletes from
 * are bookkeeping no answer reads, so it leaves the write counter (and cached answers) alone.
 */
export async function purgeFinishedWork(
  store: Store,
  settings: RetentionSettings,
  batch = RETENTION_BATCH,
): Promise<PurgeCounts> {
  const counts: PurgeCounts = { jobs: 0, events: 0, audit: 0, webhookTriggers: 0 };
  const now = Date.parse(nowIso());
  for (const p of PURGES) {
    const days = settings[p.days];
    if (!days) continue;
    const before = new Date(now - days * DAY_MS);
    for (;;) {
      const n = await store.write(() => readCommitted(p.purge(before, batch)));
      counts[p.key] += n;
      if (n < batch) break;
      await setImmediate();
    }
  }
  return counts;
}
