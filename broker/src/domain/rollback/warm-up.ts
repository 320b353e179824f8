import { setTimeout as sleep } from 'node:timers/promises';
import { listEnvironments } from '../../repositories/environments.ts';
import { namedRead } from '../../storage/named-read.ts';
import type { Store } from '../../storage/port.ts';
import { gatherRollbackWorld } from './gather.ts';
import { KEPT_ENVIRONMENTS } from './world-memo.ts';

/**
 * Keeps the rollback world of each environment (production ones first, at most as many as a store keeps), as the
 * first question of each would: in the thread that runs it. Returns how many.
 */
export const warmRollbackWorldsRead = namedRead(import.meta.url, 'warmRollbackWorldsRead', function* () {
  const environments = (yield* listEnvironments())
    .sort((a, b) => b.production - a.production || a.name.localeCompare(b.name))
    .slice(0, KEPT_ENVIRONMENTS);
  for (const e of environments) yield* gatherRollbackWorld({ environment: e.name });
  return environments.length;
});

/** How long a start waits for the warm-up before it listens anyway (the warm-up goes on beside the requests). */
export const WARM_UP_BUDGET_MS = 10_000;

/**
 * Keeps every environment's rollback world in each reader thread (or the store) before the broker takes requests: at
 * 150,000 versions the first question of an environment read its world whole in each thread, 300-650 ms on a cold
 * connection (the first targeted can-i-rollback after a start), while a kept one is brought up to date in 10-30 ms.
 * Waits at most `budgetMs`; a warm-up that fails is only logged (the first questions read what they need).
 */
export async function warmRollbackWorlds(
  store: Store,
  budgetMs = WARM_UP_BUDGET_MS,
): Promise<{ environments: number; ms: number; done: boolean }> {
  const started = performance.now();
  const warm = store.readEverywhere(warmRollbackWorldsRead).then((counts) => Math.max(0, ...counts));
  const budget = new AbortController();
  const outcome = await Promise.race([
    warm,
    sleep(budgetMs, undefined, { signal: budget.signal }).catch(() => undefined),
  ]);
  budget.abort();
  // Going on beside the requests: its failure (a store closed meanwhile) is nobody's answer.
  warm.catch(() => undefined);
  return { environments: outcome ?? 0, ms: Math.round(performance.now() - started), done: outcome !== undefined };
}
