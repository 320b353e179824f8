import { setTimeout as sleep } from 'node:timers/promises';
import { listEnvironments } from '../../repositories/environments.ts';
import { namedRead } from '../../storage/named-read.ts';
import type { Store } from '../../storage/port.ts';
import type { Program } from '../../storage/sql.ts';
import { anySubsetQuestion, computeRollbackAnswer, rememberAnswer, type StampedAnswer } from './answer.ts';
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

/** Targeted questions a thread answers at start (each of a few units): enough runs for the analysis to be compiled. */
const WARM_TARGETS = 3;

/**
 * Answers an environment's questions once in the thread that runs it: a few targeted ones (discarded) and the
 * any-subset one (returned when it may be cached). The analysis's code is compiled by its first runs: after a start at
 * 150,000 versions the first targeted answers took 40-70 ms, 13-17 ms once warm, and twice that on a busy machine.
 */
export const warmRollbackAnswersRead = namedRead(
  import.meta.url,
  'warmRollbackAnswersRead',
  function* (environment: string): Program<StampedAnswer | undefined> {
    const world = yield* gatherRollbackWorld({ environment });
    for (const unit of world.units.slice(0, WARM_TARGETS))
      yield* computeRollbackAnswer({ environment, targets: [{ pacticipant: unit.name }], ignore: [] });
    const { stamp, answer, cacheable, bytes } = yield* computeRollbackAnswer(anySubsetQuestion(environment));
    return cacheable ? { stamp, answer, cacheable, bytes } : undefined;
  },
);

/** How long a start waits for the warm-up before it listens anyway (the warm-up goes on beside the requests). */
export const WARM_UP_BUDGET_MS = 10_000;

/**
 * Keeps every environment's rollback world in each reader thread (or the store) before the broker takes requests: at
 * 150,000 versions the first question of an environment read its world whole in each thread, 300-650 ms on a cold
 * connection (the first targeted can-i-rollback after a start), while a kept one is brought up to date in 10-30 ms.
 * Then each thread answers the first environment's questions once (`warmRollbackAnswersRead`), and its any-subset
 * answer is cached, as a rollback-safety evaluation would. Waits at most `budgetMs`; a warm-up that fails is only
 * logged (the first questions read what they need).
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
    const first = environments[0];
    if (first !== undefined) {
      const answer = (await store.readEverywhere(warmRollbackAnswersRead, first)).find((a) => a !== undefined);
      if (answer) rememberAnswer(store, anySubsetQuestion(first), answer);
    }
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
