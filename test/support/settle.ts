import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { until } from './wait.ts';

/** Waits until the broker's background worker has answered every queued job (comparisons, subsumption checks, ...). */
export async function settleEvidence(store: Store, timeoutMs = 30_000): Promise<void> {
  await until(
    'the evidence worker to finish',
    async () => {
      const [row] = await store.read(() =>
        all<{ n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')"),
      );
      return Number(row?.n ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs },
  );
}
