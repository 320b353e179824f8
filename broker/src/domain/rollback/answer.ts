import {
  apiWarningsOfAny,
  apiWarningsOfSet,
  renderApiRemoved,
  type ApiRemovedWarning,
  canIRollbackAny,
  canIRollbackSet,
  type RollbackAnyAnswer,
  renderReason,
  renderWarning,
  type RollbackReason,
  type RollbackSetAnswer,
  type RollbackWarning,
  type RollbackWorld,
} from '../../gate/rollback/index.ts';
import type { RollbackTarget } from '../../gate/rollback/types.ts';
import type { Store } from '../../storage/port.ts';
import { answerStamp } from '../../storage/answer-stamps.ts';
import { namedRead } from '../../storage/named-read.ts';
import type { Program } from '../../storage/sql.ts';
import { environmentByNameOr400 } from '../lookup.ts';
import { answerCacheFor } from './answer-cache.ts';
import { isProvisional } from '../evidence/resolve.ts';
import { gatherRollbackWorld } from './gather.ts';
import { summaryReport, type SummaryReport } from './detail.ts';

/** A set answer's warnings include what rolling back removes from a provider's API (`api-removed-on-rollback`). */
export type RollbackSetAnswerWithApi = Omit<RollbackSetAnswer, 'warnings'> & {
  warnings: (RollbackWarning | ApiRemovedWarning)[];
};
/**
 * The any-subset answer with what each deployed provider's own rollback (current -> prior) removes from its API
 * (`apiWarnings`: the same `api-removed-on-rollback` warnings, shape and message, the targeted answer lists among its
 * `warnings`). A list of its own: `warnings` stays the environment's broken pairs, which `warningCount` counts.
 */
export type RollbackAnyAnswerWithApi = RollbackAnyAnswer & { apiWarnings: ApiRemovedWarning[] };
export type RollbackAnswer = RollbackSetAnswerWithApi | RollbackAnyAnswerWithApi;

export interface RollbackQuestion {
  environment: string;
  targets: RollbackTarget[];
  ignore: string[];
  steps?: number;
}

/** Typed reasons keep their ids and fields; each also gets its English `message` for people and simple clients. */
const reasonsWithText = (rs: RollbackReason[]) => rs.map((r) => ({ ...r, message: renderReason(r) }));

const warningText = (w: RollbackWarning | ApiRemovedWarning) =>
  w.id === 'api-removed-on-rollback' ? renderApiRemoved(w) : renderWarning(w);

function withText<
  T extends {
    warnings?: (RollbackWarning | ApiRemovedWarning)[];
    apiWarnings?: ApiRemovedWarning[];
    reasons?: RollbackReason[];
    pacticipants?: { reasons: RollbackReason[] }[];
  },
>(a: T): T {
  return {
    ...a,
    ...(a.reasons ? { reasons: reasonsWithText(a.reasons) } : {}),
    ...(a.warnings ? { warnings: a.warnings.map((w) => ({ ...w, message: warningText(w) })) } : {}),
    ...(a.apiWarnings ? { apiWarnings: a.apiWarnings.map((w) => ({ ...w, message: warningText(w) })) } : {}),
    ...(a.pacticipants
      ? { pacticipants: a.pacticipants.map((p) => ({ ...p, reasons: reasonsWithText(p.reasons) })) }
      : {}),
  };
}

/** A computed answer with the stamp read in the same snapshot as its data, and whether it may be cached. */
export interface StampedAnswer {
  stamp: string;
  answer: RollbackAnswer;
  cacheable: boolean;
  /** Its size as JSON (the answer cache's weight), measured where it was computed: in the reader thread if any. */
  bytes: number;
}

/**
 * Computes an answer and returns the world it read too (the rollback-safety evaluation reads both). The stamp and the
 * data come from one snapshot, so a cached answer is never staler than the stamp says. The stamp is the environment's
 * (storage/answer-stamps.ts): a write elsewhere leaves this answer valid.
 */
export function* computeRollbackAnswer(q: RollbackQuestion): Program<StampedAnswer & { world: RollbackWorld }> {
  const env = yield* environmentByNameOr400(q.environment);
  const stamp = `${env.id}:${yield* answerStamp(env.id)}`;
  const world = yield* gatherRollbackWorld({ ...q, apiWarnings: true });
  let answer: RollbackAnswer;
  if (q.targets.length) {
    const set = canIRollbackSet(world, { targets: q.targets, steps: q.steps, ignore: q.ignore });
    answer = withText({ ...set, warnings: [...set.warnings, ...apiWarningsOfSet(world, set)] });
  } else {
    const any = canIRollbackAny(world, { steps: q.steps, ignore: q.ignore });
    answer = withText({ ...any, apiWarnings: apiWarningsOfAny(world, any) });
  }
  // A diff not stored yet needs no exception: storing it moves the stamps (openapi_changes is counted).
  // An answer with evidence still being computed is not cached (evidence/resolve.ts `PROVISIONAL_REASONS`).
  const cacheable = !world.evidence.some(isProvisional);
  const bytes = cacheable ? JSON.stringify(answer).length : 0;
  return { stamp, answer, cacheable, bytes, world };
}

/** The answer alone, as a named read (in a reader thread when the store has them: storage/named-read.ts). */
export const rollbackRead = namedRead(
  import.meta.url,
  'rollbackRead',
  function* (q: RollbackQuestion) {
    const { stamp, answer, cacheable, bytes } = yield* computeRollbackAnswer(q);
    return { stamp, answer, cacheable, bytes } satisfies StampedAnswer;
  },
  { genericPlans: true },
);

/** An environment's any-subset question, as the API, the web pages and the rollback-safety evaluation ask it. */
export const anySubsetQuestion = (environment: string): RollbackQuestion => ({ environment, targets: [], ignore: [] });

/** One cache key per question, whatever the order of its fields or a `steps` left at its default. */
const cacheKey = (q: RollbackQuestion) =>
  JSON.stringify([q.environment, q.targets.map((t) => [t.pacticipant, t.version ?? null]), q.ignore, q.steps ?? 1]);

/**
 * Keeps an answer computed elsewhere for the requests that ask the same question: the rollback-safety evaluation
 * computes each environment's any-subset answer after writes, so the API and the pages find it warm.
 */
export function rememberAnswer(store: Store, q: RollbackQuestion, a: StampedAnswer): void {
  if (!a.cacheable) return;
  const cache = answerCacheFor(store);
  // An answer already kept for this stamp is the same answer: it stays (whoever holds it keeps the same object).
  if (cache.get(cacheKey(q), a.stamp) === undefined) cache.set(cacheKey(q), a.stamp, a.answer, a.bytes);
}

/**
 * can-i-rollback: with targets, whether rolling back that set is safe, the pairs it creates, the
 * smallest safe set and the plan; without, the any-subset analysis. Answers for unchanged data come
 * from the store's answer cache: the environment's current stamp is read first (a small read on the event loop);
 * only an answer not cached for it is computed.
 */
export async function answerCanIRollback(store: Store, q: RollbackQuestion): Promise<RollbackAnswer> {
  const cached = await cachedAnswer(store, q);
  if (cached) return cached;
  const { stamp, answer, cacheable, bytes } = await store.readNamed(rollbackRead, q);
  if (cacheable) answerCacheFor(store).set(cacheKey(q), stamp, answer, bytes);
  return answer;
}

/** The answer cached for the environment's current stamp (a small read on the event loop), if any. */
async function cachedAnswer(store: Store, q: RollbackQuestion): Promise<RollbackAnswer | undefined> {
  const cache = answerCacheFor(store);
  return store.read(function* () {
    const env = yield* environmentByNameOr400(q.environment);
    return cache.get<RollbackAnswer>(cacheKey(q), `${env.id}:${yield* answerStamp(env.id)}`);
  });
}

/** One service's report in an environment's any-subset answer: as the summary gives it, and its reasons in full. */
export interface ServiceRollbackReport {
  summary: SummaryReport;
  reasons: RollbackReason[];
}

type PacticipantReport = RollbackAnyAnswer['pacticipants'][number];
const report = (full: PacticipantReport): ServiceRollbackReport => ({
  summary: summaryReport(full),
  reasons: full.reasons,
});
const reportOf = (answer: RollbackAnswer, name: string): ServiceRollbackReport | undefined => {
  const full = (answer as RollbackAnyAnswerWithApi).pacticipants.find((p) => p.name === name);
  return full && report(full);
};

/**
 * One service's report in each of these environments' any-subset answers, computed where the worlds are (a reader
 * thread): the analysis of each environment, the words of that service's reasons only, and no API warnings (a list
 * of their own, which a report does not carry). What the answer would say of that service, as `reportOf` reads it.
 */
export const serviceReportsRead = namedRead(
  import.meta.url,
  'serviceReportsRead',
  function* (name: string, environments: string[]) {
    const out: (ServiceRollbackReport | undefined)[] = [];
    for (const environment of environments) {
      const any = canIRollbackAny(yield* gatherRollbackWorld({ environment }), {});
      const full = any.pacticipants.find((p) => p.name === name);
      out.push(full && report({ ...full, reasons: reasonsWithText(full.reasons) }));
    }
    return out;
  },
);

/**
 * A service's own rollback verdict in each environment, as its page shows it: from the any-subset answer cached for
 * the environment's stamp, or else computed in one reader thread that sends back that service's reports alone (the
 * whole answer is 4 MB at 300 services: copying it to the event loop took longer than the rest of the page).
 */
export async function serviceRollbackReports(
  store: Store,
  name: string,
  environments: readonly string[],
): Promise<(ServiceRollbackReport | undefined)[]> {
  const out = await Promise.all(
    environments.map(async (e) => {
      const cached = await cachedAnswer(store, anySubsetQuestion(e));
      return cached ? { report: reportOf(cached, name) } : undefined;
    }),
  );
  const missing = environments.filter((_, i) => out[i] === undefined);
  const computed = missing.length ? await store.readNamed(serviceReportsRead, name, missing) : [];
  let k = 0;
  return out.map((o) => (o ? o.report : computed[k++]));
}
