/**
 * Turns Rack-parsed query parameters (see broker/src/http/rack-query.ts) into a MatrixQuery, with the
 * Pact Broker's validation. Pure: problems are returned, the HTTP edge turns them into a 400.
 */
import type { Destination, IgnoreSelector, LatestBy, MatrixQuery, MatrixSelector } from './types.ts';
import { message } from '../../messages.ts';

export interface Problem {
  path: string;
  message: string;
}

type Params = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isTrue = (v: unknown): boolean => v === 'true' || v === true;
const nonBlank = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && s.trim() !== '' ? s : undefined;
};

/** `q[]` may arrive as an array of hashes or (`q[0][...]`) as a hash of hashes. */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  if (typeof v === 'string') return [v];
  return [];
}

function selectorOf(raw: unknown, i: number, problems: Problem[]): MatrixSelector | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path: `q[${i}]`, message: message('matrix.selector-unnamed') });
    return undefined;
  }
  const r = raw as Params;
  const pacticipant = nonBlank(r.pacticipant);
  if (!pacticipant) {
    problems.push({ path: `q[${i}].pacticipant`, message: message('matrix.pacticipant-required') });
    return undefined;
  }
  const s: MatrixSelector = { pacticipant };
  const version = nonBlank(r.version);
  if (version !== undefined) s.version = version;
  if (isTrue(r.latest)) s.latest = true;
  const tag = nonBlank(r.tag);
  if (tag !== undefined) s.tag = tag;
  const branch = nonBlank(r.branch);
  if (branch !== undefined) s.branch = branch;
  if (isTrue(r.mainBranch)) s.mainBranch = true;
  const environment = nonBlank(r.environment);
  if (environment !== undefined) s.environment = environment;
  if (s.version !== undefined && s.latest) {
    problems.push({
      path: `q[${i}]`,
      message: message('matrix.version-and-latest', { pacticipant }),
    });
  }
  const kinds = [
    s.version !== undefined,
    s.tag !== undefined,
    s.branch !== undefined,
    s.mainBranch === true,
    s.environment !== undefined,
  ].filter(Boolean).length;
  if (kinds > 1) {
    problems.push({
      path: `q[${i}]`,
      message: message('matrix.one-selector-kind', { pacticipant }),
    });
  }
  if (s.environment !== undefined && s.latest) {
    problems.push({ path: `q[${i}]`, message: message('matrix.latest-with-environment-of', { pacticipant }) });
  }
  return s;
}

function ignoreOf(raw: unknown, i: number, problems: Problem[]): IgnoreSelector | undefined {
  if (typeof raw === 'string') return raw.trim() ? { pacticipant: raw } : undefined;
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Params;
  const pacticipant = nonBlank(r.pacticipant);
  if (!pacticipant) {
    problems.push({ path: `ignore[${i}].pacticipant`, message: message('matrix.ignore-unnamed') });
    return undefined;
  }
  const version = nonBlank(r.version);
  return version === undefined ? { pacticipant } : { pacticipant, version };
}

function destinationOf(p: Params, problems: Problem[]): Destination {
  const latest = isTrue(p.latest);
  const tag = nonBlank(p.tag);
  const environment = nonBlank(p.environment);
  const mainBranch = isTrue(p.mainBranch);
  const count = [tag !== undefined, environment !== undefined, mainBranch].filter(Boolean).length;
  if (count > 1)
    problems.push({
      path: 'base',
      message: message('matrix.one-destination'),
    });
  if (environment !== undefined && latest)
    problems.push({ path: 'latest', message: message('matrix.latest-with-environment') });
  if (environment !== undefined) return { kind: 'environment', environment };
  if (tag !== undefined) return { kind: 'tag', tag, latest };
  if (mainBranch) return { kind: 'mainBranch', latest };
  if (latest) return { kind: 'latest' };
  return { kind: 'none' };
}

/** `failOnOpenApiBreaking=ERR|WARN`: only against an environment (what is deployed there). */
function failOnOf(p: Params, destination: Destination, problems: Problem[]): 'ERR' | 'WARN' | undefined {
  const v = nonBlank(p.failOnOpenApiBreaking);
  if (v === undefined) return undefined;
  const level = String(v).toUpperCase();
  if (level !== 'ERR' && level !== 'WARN') {
    problems.push({
      path: 'failOnOpenApiBreaking',
      message: message('matrix.bad-fail-on-openapi', { value: String(v) }),
    });
    return undefined;
  }
  if (destination.kind !== 'environment')
    problems.push({ path: 'failOnOpenApiBreaking', message: message('matrix.fail-on-openapi-needs-environment') });
  return level;
}

function successOf(v: unknown, problems: Problem[]): (boolean | null)[] | undefined {
  if (v === undefined) return undefined;
  const out: (boolean | null)[] = [];
  for (const x of list(v)) {
    if (x === 'true') out.push(true);
    else if (x === 'false') out.push(false);
    else if (x === '' || x === null) out.push(null);
    else problems.push({ path: 'success', message: message('matrix.bad-success', { value: String(x) }) });
  }
  return out;
}

/** Selectors in one matrix query: far more than any pipeline asks, and few enough for one statement's IN lists. */
export const MAX_SELECTORS = 1000;

/** `GET /matrix` parameters. */
export function parseMatrixQuery(p: Params): { query: MatrixQuery; problems: Problem[] } {
  const problems: Problem[] = [];
  const rawSelectors = list(p.q);
  if (rawSelectors.length === 0) problems.push({ path: 'q', message: message('matrix.no-selectors') });
  if (rawSelectors.length > MAX_SELECTORS)
    problems.push({ path: 'q', message: message('matrix.too-many-selectors', { max: MAX_SELECTORS }) });
  const selectors = rawSelectors.map((r, i) => selectorOf(r, i, problems)).filter((s): s is MatrixSelector => !!s);
  const ignore = list(p.ignore)
    .map((r, i) => ignoreOf(r, i, problems))
    .filter((s): s is IgnoreSelector => !!s);
  const destination = destinationOf(p, problems);
  let latestby: LatestBy | undefined;
  const lb = nonBlank(p.latestby);
  if (lb !== undefined) {
    if (lb === 'cvp' || lb === 'cvpv' || lb === 'cp') latestby = lb;
    else problems.push({ path: 'latestby', message: message('matrix.bad-latestby', { value: String(lb) }) });
  }
  let limit: number | undefined;
  if (p.limit !== undefined && p.limit !== null) {
    limit = Number(p.limit);
    if (!Number.isInteger(limit) || limit < 1) problems.push({ path: 'limit', message: message('matrix.bad-limit') });
  }
  const success = successOf(p.success, problems);
  const failOnOpenApiBreaking = failOnOf(p, destination, problems);
  return {
    query: {
      selectors,
      ignore,
      destination,
      latestby,
      success,
      limit,
      ...(failOnOpenApiBreaking ? { failOnOpenApiBreaking } : {}),
    },
    problems,
  };
}

/**
 * `GET /can-i-deploy?pacticipant=&version=&environment=` (or `&to=TAG`), with `ignore[]=NAME` or
 * `ignore[][pacticipant]=&ignore[][version]=`. One selector; latestby cvp, cvpv for an environment.
 */
export function parseCanIDeployQuery(p: Params): { query: MatrixQuery; problems: Problem[] } {
  const problems: Problem[] = [];
  const pacticipant = nonBlank(p.pacticipant);
  if (!pacticipant) problems.push({ path: 'pacticipant', message: message('matrix.pacticipant-required') });
  const version = nonBlank(p.version);
  const to = nonBlank(p.to);
  const environment = nonBlank(p.environment);
  if ((to === undefined) === (environment === undefined))
    problems.push({ path: 'base', message: message('matrix.to-or-environment') });
  const selector: MatrixSelector = { pacticipant: pacticipant ?? '' };
  if (version !== undefined) selector.version = version;
  else {
    selector.latest = true;
    const tag = nonBlank(p.tag);
    const branch = nonBlank(p.branch);
    if (tag !== undefined) selector.tag = tag;
    if (branch !== undefined) selector.branch = branch;
  }
  const ignore = list(p.ignore)
    .map((r, i) => ignoreOf(r, i, problems))
    .filter((s): s is IgnoreSelector => !!s);
  const destination: Destination =
    environment !== undefined ? { kind: 'environment', environment } : { kind: 'tag', tag: to ?? '', latest: true };
  const failOnOpenApiBreaking = failOnOf(p, destination, problems);
  return {
    query: {
      selectors: pacticipant ? [selector] : [],
      ignore,
      destination,
      latestby: environment !== undefined ? 'cvpv' : 'cvp',
      ...(failOnOpenApiBreaking ? { failOnOpenApiBreaking } : {}),
    },
    problems,
  };
}

/** A selector in words: "version 1.2.3 of Foo", "the latest version of Foo with tag prod", ... */
export function describeSelector(s: MatrixSelector): string {
  if (s.version !== undefined) return `version ${s.version} of ${s.pacticipant}`;
  if (s.environment !== undefined) return `the version(s) of ${s.pacticipant} currently in ${s.environment}`;
  const latest = s.latest ? 'the latest version' : 'every version';
  if (s.tag !== undefined) return `${latest} of ${s.pacticipant} with tag ${s.tag}`;
  if (s.branch !== undefined)
    return `${s.latest ? 'the latest version' : 'every version'} of ${s.pacticipant} from branch ${s.branch}`;
  if (s.mainBranch) return `${latest} of ${s.pacticipant} from its main branch`;
  return s.latest ? `the latest version of ${s.pacticipant}` : `every version of ${s.pacticipant}`;
}
