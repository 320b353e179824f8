/**
 * Named reads for the reader-pool tests (test/storage/reader-pool.test.ts): a reader thread imports this module by
 * its URL, as it imports broker/src/domain/reads.ts.
 */
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { gatherRollbackWorld } from '../../broker/src/domain/rollback/gather.ts';
import { keptWorldStats } from '../../broker/src/domain/rollback/world-memo.ts';
import { NotFoundError } from '../../broker/src/errors.ts';
import { namedRead } from '../../broker/src/storage/named-read.ts';
import { get } from '../../broker/src/storage/sql.ts';

/** The thread the read ran in, and the pacticipant with that name as the read's snapshot sees it. */
export const whereProbe = namedRead(import.meta.url, 'whereProbe', function* (name: string) {
  const row = yield* get<{ name: string }>('SELECT name FROM pacticipants WHERE name = ?', [name]);
  return { threadId, found: row?.name ?? null };
});

/** `whereProbe` as a small read: on the event loop when every reader thread is busy. */
export const smallWhereProbe = namedRead(
  import.meta.url,
  'smallWhereProbe',
  function* (name: string) {
    return yield* whereProbe.program(name);
  },
  { small: true },
);

/** A read that keeps its thread busy for as long as counting to `n` in SQL takes (seconds for tens of millions). */
export const slowProbe = namedRead(import.meta.url, 'slowProbe', function* (n: number) {
  const row = yield* get<{ n: number }>(
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT COUNT(*) AS n FROM c',
    [n],
  );
  return row?.n ?? 0;
});

/** The same as background work (a safety evaluation's read): it yields reader threads to requests. */
export const slowBackgroundProbe = namedRead(
  import.meta.url,
  'slowBackgroundProbe',
  function* (n: number) {
    return yield* slowProbe.program(n);
  },
  { background: true },
);

/** A read that fails as a missing resource does. */
export const missingProbe = namedRead(import.meta.url, 'missingProbe', function* (name: string) {
  yield* get('SELECT 1');
  throw new NotFoundError(`no ${name}`);
});

/** The memory bounds the thread runs under: its connection's page cache (KiB when negative) and its V8 heap limit. */
export const limitsProbe = namedRead(import.meta.url, 'limitsProbe', function* () {
  const row = yield* get<{ cache_size: number }>('PRAGMA cache_size');
  return { threadId, cacheSize: row?.cache_size, heapLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20 };
});

/** The thread, and how its kept rollback world of an environment was last brought up to date (none kept: undefined). */
export const keptWorldProbe = namedRead(import.meta.url, 'keptWorldProbe', function* (environmentId: number) {
  return { threadId, stats: yield* keptWorldStats(environmentId) };
});

/** The thread, and when (ms since the epoch, fractional) the read ran there. */
export const whenProbe = namedRead(import.meta.url, 'whenProbe', function* () {
  yield* get('SELECT 1');
  return { threadId, at: performance.timeOrigin + performance.now() };
});

/** A rollback question of an environment, as a reader thread answers it, and how it brought its kept world up to date. */
export const rollbackQuestionProbe = namedRead(
  import.meta.url,
  'rollbackQuestionProbe',
  function* (environment: string, environmentId: number) {
    yield* gatherRollbackWorld({ environment });
    return { threadId, stats: yield* keptWorldStats(environmentId) };
  },
);
