/**
 * The heavy reads a reader thread may run (storage/named-read.ts, issue 15): the matrix and can-i-deploy,
 * pacts-for-verification and the UI's heavy read models. Each is registered under the name it is exported by; the
 * reader thread imports this module and runs the same program. can-i-rollback's is beside its answer cache
 * (rollback/answer.ts).
 */
import { pacticipantPageData } from './ui/pacticipant-page.ts';
import { namedRead } from '../storage/named-read.ts';
import type { MatrixQuery } from '../gate/matrix/types.ts';
import { matrixEvidenceSource } from './evidence/matrix-source.ts';
import { integrationStatus, type IntegrationFilters } from './integrations/status.ts';
import { pacticipantList } from './integrations/pacticipant-list.ts';
import { matrixListing } from './matrix/gather.ts';
import { declaredBetween } from './ui/declared-edges.ts';
import { compatibilityMatrix, type MatrixFilters } from './ui/matrix-page.ts';
import { type GraphScope, serviceGraph } from './ui/read-models.ts';
import { pactsForVerification, type PfvOptions, type PfvRequest } from './verification-pacts/index.ts';

/** The matrix (and every can-i-deploy): the listed rows, totals and summary, with stored evidence. */
export const matrixRead = namedRead(
  import.meta.url,
  'matrixRead',
  (query: MatrixQuery) => matrixListing(query, matrixEvidenceSource),
  { genericPlans: true },
);

/**
 * The same read for a query bounded by what it names (`isBoundedMatrixQuery`): every can-i-deploy, as the CLI and
 * the Pact Broker's clients ask it. Small: it never waits for a reader thread (storage/named-read.ts).
 */
export const boundedMatrixRead = namedRead(
  import.meta.url,
  'boundedMatrixRead',
  (query: MatrixQuery) => matrixListing(query, matrixEvidenceSource),
  { small: true, genericPlans: true },
);

/** Selectors of a bounded query: a pipeline asks about one service, or a few deployed together. */
export const BOUNDED_SELECTORS = 10;

/**
 * A matrix query whose rows are bounded by what it names, not by history: latest by (consumer, provider) pair, at
 * most BOUNDED_SELECTORS selectors (a small read may run on the event loop: its work must not grow with the input
 * either), each a version, the latest (of a branch or tag) or an environment's versions.
 */
export const isBoundedMatrixQuery = (query: MatrixQuery): boolean =>
  query.latestby !== undefined &&
  query.selectors.length <= BOUNDED_SELECTORS &&
  query.selectors.every((s) => s.version !== undefined || s.latest === true || s.environment !== undefined);

export const pactsForVerificationRead = namedRead(
  import.meta.url,
  'pactsForVerificationRead',
  (provider: string, body: PfvRequest, opts: PfvOptions) => pactsForVerification(provider, body, opts),
  { genericPlans: true },
);

export const serviceGraphRead = namedRead(
  import.meta.url,
  'serviceGraphRead',
  (environment: string | undefined, scope: GraphScope | undefined) => serviceGraph(environment, scope),
);

/** The UI matrix page: the grid and what the versions shown declare of each other. */
export const compatibilityMatrixRead = namedRead(
  import.meta.url,
  'compatibilityMatrixRead',
  function* (provider: string, consumer: string, f: MatrixFilters) {
    const m = yield* compatibilityMatrix(provider, consumer, f);
    const shown = new Map([
      [m.provider, m.providerVersions.rows.map((v) => v.number)],
      [m.consumer, m.consumerVersions.rows.map((v) => v.number)],
    ]);
    return { m, declared: yield* declaredBetween(m.consumer, m.provider, shown) };
  },
);

/**
 * The overview page: a page of integrations with their state in each environment, and a page of pacticipants. Every
 * integration's state in every environment is derived first (300 ms and more at 300 services): not on the event loop.
 */
export const overviewRead = namedRead(
  import.meta.url,
  'overviewRead',
  function* (integrations: IntegrationFilters, pacticipants: Parameters<typeof pacticipantList>[0]) {
    return { ints: yield* integrationStatus(integrations), ps: yield* pacticipantList(pacticipants) };
  },
);

/**
 * A pacticipant's page (issue 19): its counterparts' states and evidence in every environment, its dependants and a page
 * of its versions. For the hub of 300 services, 50-100 ms of reads and evidence: not on the event loop.
 */
export const pacticipantPageRead = namedRead(import.meta.url, 'pacticipantPageRead', (name: string, page: number) =>
  pacticipantPageData(name, page),
);
