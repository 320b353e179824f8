import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { until } from './wait.ts';

/**
 * Waits until the broker's background work is done: every event of the outbox consumed (so the jobs
 * it causes are queued) and every queued job answered (comparisons, subsumption checks, deliveries, ...).
 */
export async function settleEvidence(store: Store, timeoutMs = 30_000, except: string[] = []): Promise<void> {
  try {
    await waitForBackground(store, timeoutMs, except);
  } catch (e) {
    // Say what is still waiting: a job kind no worker runs, a retry in the future, an event no handler consumes.
    const left = await store.read(() =>
      all<{ what: string; n: number }>(
        `SELECT 'event ' || event AS what, COUNT(*) AS n FROM outbox WHERE status = 'pending' GROUP BY event
         UNION ALL SELECT 'job ' || kind || ' ' || status AS what, COUNT(*) AS n FROM jobs
         WHERE status IN ('queued', 'running') GROUP BY kind, status`,
      ),
    );
    throw new Error(`${(e as Error).message}; still waiting: ${left.map((l) => `${l.what} x${l.n}`).join(', ')}`);
  }
}

/** `except`: job kinds not waited for (a webhook delivery retrying against a target that is not there). */
async function waitForBackground(store: Store, timeoutMs: number, except: string[]): Promise<void> {
  await until(
    'the outbox to drain and the workers to finish',
    async () => {
      const [row] = await store.read(() =>
        all<{ n: number }>(
          `SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'pending')
                + (SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')${except.length ? ` AND kind NOT IN (${except.map(() => '?').join(', ')})` : ''}) AS n`,
          except,
        ),
      );
      return Number(row?.n ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
}
