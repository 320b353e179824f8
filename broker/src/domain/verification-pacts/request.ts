/**
 * The pacts-for-verification request body and its validation (the Pact Broker's
 * consumer_version_selector_contract, pact-broker-api.md §2.5). Pure.
 */
import { ValidationError, type FieldProblem } from '../../errors.ts';
import { message } from '../../messages.ts';

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
  const add = (text: string) => problems.push({ path: at, message: text });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    add(message('pfv.selector-not-object'));
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const s: ConsumerVersionSelector = {};
  for (const k of STRING_KEYS) {
    if (r[k] === undefined || r[k] === null) continue;
    if (typeof r[k] !== 'string' || !(r[k] as string).trim())
      problems.push({ path: `${at}.${k}`, message: message('input.must-be-non-blank-string') });
    else s[k] = r[k] as string;
  }
  for (const k of BOOL_KEYS) {
    if (r[k] === undefined || r[k] === null) continue;
    if (typeof r[k] !== 'boolean') problems.push({ path: `${at}.${k}`, message: message('input.must-be-boolean') });
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
    add(message('pfv.selector-empty'));
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
    add(message('pfv.main-branch-alone'));
  }
  if (s.matchingBranch && !branch) add(message('pfv.matching-branch-needs-branch'));
  if (s.tag !== undefined && s.branch !== undefined) add(message('pfv.tag-and-branch'));
  if (envType && branchType) add(message('pfv.branch-and-environment'));
  if (s.fallbackTag !== undefined && !(s.tag !== undefined && s.latest)) add(message('pfv.fallback-tag'));
  if (s.fallbackBranch !== undefined && s.branch === undefined) add(message('pfv.fallback-branch'));
  if (s.latest === false && (s.branch !== undefined || s.mainBranch || s.fallbackBranch !== undefined))
    add(message('pfv.branch-not-latest'));
  if ([s.deployed, s.released, s.deployedOrReleased].filter(Boolean).length > 1)
    add(message('pfv.one-deployment-kind'));
  if (s.latest && envType) add(message('pfv.latest-and-environment'));
  return s;
}

/** Validates the POST body; a problem is a 400 listing every field at fault. */
export function parsePfvRequest(body: unknown): PfvRequest {
  const problems: FieldProblem[] = [];
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    problems.push({ path: 'base', message: message('pfv.body-not-object') });
  let tags: string[] = [];
  if (b.providerVersionTags !== undefined && b.providerVersionTags !== null) {
    if (!Array.isArray(b.providerVersionTags) || b.providerVersionTags.some((t) => typeof t !== 'string'))
      problems.push({ path: 'providerVersionTags', message: message('input.must-be-string-array') });
    else tags = (b.providerVersionTags as string[]).filter((t) => t.trim() !== '');
  }
  let branch: string | undefined;
  if (b.providerVersionBranch !== undefined && b.providerVersionBranch !== null) {
    if (typeof b.providerVersionBranch !== 'string')
      problems.push({ path: 'providerVersionBranch', message: message('input.must-be-string') });
    else if (b.providerVersionBranch.trim()) branch = b.providerVersionBranch;
  }
  let includePendingStatus = false;
  if (b.includePendingStatus !== undefined && b.includePendingStatus !== null) {
    if (typeof b.includePendingStatus !== 'boolean')
      problems.push({ path: 'includePendingStatus', message: message('input.must-be-boolean') });
    else includePendingStatus = b.includePendingStatus;
  }
  let since: string | undefined;
  if (b.includeWipPactsSince !== undefined && b.includeWipPactsSince !== null && b.includeWipPactsSince !== '') {
    const t = typeof b.includeWipPactsSince === 'string' ? Date.parse(b.includeWipPactsSince) : NaN;
    if (Number.isNaN(t)) problems.push({ path: 'includeWipPactsSince', message: message('input.must-be-date') });
    else since = new Date(t).toISOString();
  }
  let rawSelectors: unknown[] = [];
  if (b.consumerVersionSelectors !== undefined && b.consumerVersionSelectors !== null) {
    if (!Array.isArray(b.consumerVersionSelectors))
      problems.push({ path: 'consumerVersionSelectors', message: message('input.must-be-array') });
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
