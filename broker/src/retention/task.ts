import type { BrokerConfig } from '../config.ts';
import type { Store } from '../storage/port.ts';
import { setImmediate } from 'node:timers/promises';
import { compactAnswerStamps, FOLD_BATCH } from '../storage/answer-stamps.ts';
import { compactWriteLog } from '../storage/write-counter.ts';
import { cleanSettings, cleanVersions, type CleanReport } from './clean.ts';
import { purgeFinishedWork, retentionSettings, type PurgeCounts } from './purge.ts';

interface TaskLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * How often the write counter's log (PostgreSQL; SQLite has none) and the answer stamps' log (both stores: else it
 * grows with every scoped write, and each stamp read counts it) are folded.
 */
const COMPACT_EVERY_MS = 10_000;
/** The first retention run waits this long after start, so starting is not slowed by a large purge. */
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * The broker's housekeeping, in the background: retention of finished work every
 * `retentionIntervalMinutes` (ROLLGATE_RETENTION_*), and compaction of the write counter's and answer stamps' logs. Each
 * instance runs it; on PostgreSQL concurrent runs delete disjoint rows or nothing.
 */
export function startMaintenance(
  deps: { store: Store; config: BrokerConfig; log?: TaskLog },
  opts: { firstRunAfterMs?: number } = {},
) {
  const settings = retentionSettings(deps.config);
  // Checked at start even when the clean is off, so a bad setting is found before someone turns it on.
  const clean = cleanSettings(deps.config);
  const intervalMs = Math.max(1, deps.config.retentionIntervalMinutes * 60_000);
  let running: Promise<unknown> = Promise.resolve();
  let closed = false;

  const retention = async (): Promise<PurgeCounts | undefined> => {
    try {
      const counts = await purgeFinishedWork(deps.store, settings);
      if (Object.values(counts).some(Boolean)) deps.log?.info({ deleted: counts }, 'retention: deleted finished work');
      return counts;
    } catch (e) {
      deps.log?.warn({ err: e }, 'retention: failed; trying again at the next run');
      return undefined;
    }
  };
  const versionClean = async (): Promise<CleanReport | undefined> => {
    try {
      const report = await cleanVersions(deps.store, clean);
      if (report.versions) deps.log?.info({ clean: report }, 'clean: removed versions no keep selector keeps');
      return report;
    } catch (e) {
      deps.log?.warn({ err: e }, 'clean: failed; trying again at the next run');
      return undefined;
    }
  };
  const compact = async () => {
    try {
      // Bookkeeping: a fold lost in a crash is redone at the next one (it moves no count).
      await deps.store.write(() => compactWriteLog(), { durability: 'relaxed' });
      // In bounded transactions, yielding to requests between them, until nothing is left to fold (or 100 of them).
      for (let i = 0; i < 100; i++) {
        const folded = await deps.store.write(() => compactAnswerStamps(), { durability: 'relaxed' });
        if (folded < FOLD_BATCH) break;
        await setImmediate();
      }
    } catch (e) {
      deps.log?.warn({ err: e }, 'write counter: could not compact its log');
    }
  };
  // One task at a time: a slow purge is never overlapped by the next one.
  const serially = (task: () => Promise<unknown>) => () => {
    if (closed) return;
    running = running.then(task);
  };

  const timers: NodeJS.Timeout[] = [];
  const first = setTimeout(() => {
    serially(retention)();
    timers.push(setInterval(serially(retention), intervalMs));
    timers.at(-1)?.unref();
  }, opts.firstRunAfterMs ?? Math.min(FIRST_RUN_AFTER_MS, intervalMs));
  first.unref();
  timers.push(first);
  if (deps.config.cleanEnabled) {
    const cleanTimer = setTimeout(() => {
      serially(versionClean)();
      timers.push(setInterval(serially(versionClean), Math.max(1, deps.config.cleanIntervalMinutes * 60_000)));
      timers.at(-1)?.unref();
    }, opts.firstRunAfterMs ?? FIRST_RUN_AFTER_MS);
    cleanTimer.unref();
    timers.push(cleanTimer);
  }
  timers.push(setInterval(serially(compact), COMPACT_EVERY_MS));
  timers.at(-1)?.unref();

  return {
    /** Runs retention now (tests, and an operator's one-off through the API later). */
    runRetention(): Promise<PurgeCounts | undefined> {
      const done = running.then(retention);
      running = done;
      return done;
    },
    /** Runs the version clean now (tests; it runs on its own only with ROLLGATE_CLEAN_ENABLED). */
    runClean(): Promise<CleanReport | undefined> {
      const done = running.then(versionClean);
      running = done;
      return done;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      await running;
    },
  };
}
