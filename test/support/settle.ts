import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { until } from './wait.ts';

/**
 * Waits until the broker's background work is done: every event of the outbox consumed (so the jobs
 * it causes are queued) and every queued job answered (comparisons, subsumption checks, deliveries, ...).
 */
export async function settleEvidence(store: Store, timeoutMs = 30_000): Promise<void> {
  await until(
    'the outbox to drain and the workers to finish',
    async () => {
      const [row] = await store.read(() =>
        all<{ n: number }>(
          `SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'pending')
                + (SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')) AS n`,
        ),
      );
      return Number(row?.n ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
}
