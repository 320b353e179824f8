import { setTimeout as sleep } from 'node:timers/promises';
import { listEnvironments } from '../../repositories/environments.ts';
import { namedRead } from '../../storage/named-read.ts';
import type { Store } from '../../storage/port.ts';
import type { Program } from '../../storage/sql.ts';
import { gatherRollbackWorld } from './gather.ts';
import { KEPT_ENVIRONMENTS } from './world-memo.ts';

/** The environments to keep at start: production ones first, at most as many as a store keeps. */
function* environmentsToKeep(): Program<string[]> {
  return (yield* listEnvironments())
    .sort((a, b) => b.production - a.production || a.name.localeCompare(b.name))
    .slice(0, KEPT_ENVIRONMENTS)
    .map((e) => e.name);
}

/** Keeps one environment's rollback world, as its first question would, in the thread that runs it. */
export const warmRollbackWorldRead = namedRead(
  import.meta.url,
  'warmRollbackWorldRead',
  function* (environment: string) {
    yield* gatherRollbackWorld({ environment });
  },
);

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
  // One environment at a time in every thread, each its own read: a request that arrives meanwhile (the budget spent)
  // waits for one environment's read, not for all of them.
  const warm = (async () => {
    const environments = await store.read(environmentsToKeep);
    for (const environment of environments) await store.readEverywhere(warmRollbackWorldRead, environment);
    return environments.length;
  })();
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
