/**
 * The pacts-for-verification request body and its validation (the Pact Broker's
 * consumer_version_selector_contract, pact-broker-api.md §2.5). Pure.
 */
import { ValidationError, type FieldProblem } from '../../errors.ts';

export interface ConsumerVersionSelector {
  consumer?: string;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  fallbackBranch?: string;
}

export interface PfvRequest {
  providerVersionTags: string[];
  /** Absent when not given or blank (pact-js sends "" when no branch is set). */
  providerVersionBranch?: string;
  includePendingStatus: boolean;
  /** ISO date-time; absent when not given. */
  includeWipPactsSince?: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  /** The selectors were empty: the defaults apply. */
  defaulted: boolean;
}

const STRING_KEYS = ['consumer', 'tag', 'fallbackTag', 'environment', 'branch', 'fallbackBranch'] as const;
const BOOL_KEYS = ['latest', 'deployedOrReleased', 'deployed', 'released', 'mainBranch', 'matchingBranch'] as const;

function selectorProblems(
  raw: unknown,
  i: number,
  branch: string | undefined,
  problems: FieldProblem[],
): ConsumerVersionSelector | undefined {
  const at = `consumerVersionSelectors[${i}]`;
  const add = (message: string) => problems.push({ path: at, message });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add('must be an object');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const s: ConsumerVersionSelector = {};
  for (const k of STRING_KEYS) {
    if (r[k] === undefined || r[k] === null) continue;
    if (typeof r[k] !== 'string' || !(r[k] as string).trim())
      problems.push({ path: `${at}.${k}`, message: 'must be a non-blank string' });
    else s[k] = r[k] as string;
  }
  for (const k of BOOL_KEYS) {
    if (r[k] === undefined || r[k] === null) continue;
    if (typeof r[k] !== 'boolean') problems.push({ path: `${at}.${k}`, message: 'must be true or false' });
    else s[k] = r[k] as boolean;
  }
  const envType = s.environment !== undefined || s.deployed || s.released || s.deployedOrReleased;
  const branchType = s.branch !== undefined || s.mainBranch || s.matchingBranch || s.fallbackBranch !== undefined;
  if (
    !(
      s.mainBranch ||
      s.tag !== undefined ||
      s.branch !== undefined ||
      s.environment !== undefined ||
      s.matchingBranch ||
      s.deployed ||
      s.released ||
      s.deployedOrReleased ||
      s.latest === true
    )
  ) {
    add(
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    );
  }
  if (
    s.mainBranch &&
    (s.tag !== undefined ||
      s.branch !== undefined ||
      envType ||
      s.matchingBranch ||
      s.fallbackTag !== undefined ||
      s.fallbackBranch !== undefined)
  ) {
    add('cannot specify mainBranch=true with any other criteria apart from consumer and latest');
  }
  if (s.matchingBranch && !branch) add('the providerVersionBranch must be specified when matchingBranch=true is used');
  if (s.tag !== undefined && s.branch !== undefined) add('cannot specify both a tag and a branch');
  if (envType && branchType)
    add(
      'cannot specify a branch or mainBranch or matchingBranch with an environment, deployed, released or deployedOrReleased',
    );
  if (s.fallbackTag !== undefined && !(s.tag !== undefined && s.latest))
    add('a fallbackTag can only be set if latest is true and a tag is specified');
  if (s.fallbackBranch !== undefined && s.branch === undefined)
    add('a fallbackBranch can only be set if a branch is specified');
  if (s.latest === false && (s.branch !== undefined || s.mainBranch || s.fallbackBranch !== undefined))
    add('cannot specify a branch, mainBranch or fallbackBranch with latest=false');
  if ([s.deployed, s.released, s.deployedOrReleased].filter(Boolean).length > 1)
    add('only one of deployed, released or deployedOrReleased may be specified');
  if (s.latest && envType)
    add('cannot specify latest=true with an environment, deployed, released or deployedOrReleased');
  return s;
}

/** Validates the POST body; a problem is a 400 listing every field at fault. */
export function parsePfvRequest(body: unknown): PfvRequest {
  const problems: FieldProblem[] = [];
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    problems.push({ path: 'base', message: 'the request body must be a JSON object' });
  let tags: string[] = [];
  if (b.providerVersionTags !== undefined && b.providerVersionTags !== null) {
    if (!Array.isArray(b.providerVersionTags) || b.providerVersionTags.some((t) => typeof t !== 'string'))
      problems.push({ path: 'providerVersionTags', message: 'must be an array of strings' });
    else tags = (b.providerVersionTags as string[]).filter((t) => t.trim() !== '');
  }
  let branch: string | undefined;
  if (b.providerVersionBranch !== undefined && b.providerVersionBranch !== null) {
    if (typeof b.providerVersionBranch !== 'string')
      problems.push({ path: 'providerVersionBranch', message: 'must be a string' });
    else if (b.providerVersionBranch.trim()) branch = b.providerVersionBranch;
  }
  let includePendingStatus = false;
  if (b.includePendingStatus !== undefined && b.includePendingStatus !== null) {
    if (typeof b.includePendingStatus !== 'boolean')
      problems.push({ path: 'includePendingStatus', message: 'must be true or false' });
    else includePendingStatus = b.includePendingStatus;
  }
  let since: string | undefined;
  if (b.includeWipPactsSince !== undefined && b.includeWipPactsSince !== null && b.includeWipPactsSince !== '') {
    const t = typeof b.includeWipPactsSince === 'string' ? Date.parse(b.includeWipPactsSince) : NaN;
    if (Number.isNaN(t))
      problems.push({ path: 'includeWipPactsSince', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time' });
    else since = new Date(t).toISOString();
  }
  let rawSelectors: unknown[] = [];
  if (b.consumerVersionSelectors !== undefined && b.consumerVersionSelectors !== null) {
    if (!Array.isArray(b.consumerVersionSelectors))
      problems.push({ path: 'consumerVersionSelectors', message: 'must be an array' });
    else rawSelectors = b.consumerVersionSelectors;
  }
  const selectors = rawSelectors
    .map((r, i) => selectorProblems(r, i, branch, problems))
    .filter((s): s is ConsumerVersionSelector => !!s);
  if (problems.length) throw new ValidationError(problems);
  return {
    providerVersionTags: tags,
    providerVersionBranch: branch,
    includePendingStatus,
    includeWipPactsSince: since,
    consumerVersionSelectors: selectors,
    defaulted: selectors.length === 0,
  };
}
