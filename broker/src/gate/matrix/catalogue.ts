/**
 * The one place where matrix and can-i-deploy reasons become English (and notice types). Wording follows
 * the Pact Broker's where clients or users know it ("All required verification results are published and
 * successful", "There are no missing dependencies", "WARN: ...", "Ignoring: ...").
 */
import { failureCountText, type VerificationFailures } from '../verification/failures.ts';
import { describeSelector } from './selectors.ts';
import type { Destination, RowReason, RowRef, ScopeDescription, SummaryReason } from './types.ts';

export type NoticeType = 'success' | 'error' | 'warning' | 'info';

export function describeDestination(d: Destination, pacticipant: string): string {
  switch (d.kind) {
    case 'environment':
      return `the version of ${pacticipant} currently deployed or released to ${d.environment}`;
    case 'tag':
      return `${d.latest ? 'the latest version' : 'a version'} of ${pacticipant} with tag ${d.tag}`;
    case 'mainBranch':
      return `${d.latest ? 'the latest version' : 'a version'} of ${pacticipant} from its main branch`;
    case 'latest':
      return `the latest version of ${pacticipant}`;
    default:
      return `a version of ${pacticipant}`;
  }
}

function scopeText(s: ScopeDescription, pacticipant: string): string {
  if (s.kind === 'selector') return describeSelector(s.selector);
  if (s.kind === 'destination') return describeDestination(s.destination, pacticipant);
  return `any version of ${pacticipant}`;
}

const consumerText = (r: RowRef) => `${r.consumer} (${r.consumerVersion})`;
const providerText = (r: RowRef) => `${r.provider} (${r.providerVersion ?? 'no version'})`;

function noVersionIn(s: ScopeDescription, provider: string): string {
  if (s.kind === 'destination' && s.destination.kind === 'environment') {
    return `There is no verified pact between ${'$C'} and ${provider}: no version of ${provider} is currently recorded as deployed or released in ${s.destination.environment}`;
  }
  return `There is no verified pact between ${'$C'} and ${scopeText(s, provider)}: no such version exists`;
}

export function renderSummaryReason(r: SummaryReason): { type: NoticeType; text: string } {
  const prefix = 'ignored' in r && r.ignored ? 'Ignoring: ' : '';
  const t = (type: NoticeType, text: string) => ({ type: prefix ? ('info' as const) : type, text: `${prefix}${text}` });
  switch (r.id) {
    case 'warn-ignore-not-found':
      return t(
        'warning',
        `WARN: Cannot ignore ${r.version ? `version ${r.version} of ${r.pacticipant}` : r.pacticipant}: it does not exist`,
      );
    case 'warn-specify-environment':
      return t(
        'warning',
        `WARN: It is recommended to specify the environment into which you are deploying (--to-environment) rather than the tag ${r.tag}`,
      );
    case 'warn-no-environment':
      return t(
        'warning',
        'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
      );
    case 'warn-specify-version':
      return t(
        'warning',
        'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions',
      );
    case 'version-not-found':
      return t(
        'error',
        r.selector.version !== undefined
          ? `The specified version ${r.selector.version} of ${r.selector.pacticipant} does not exist`
          : `No version of ${r.selector.pacticipant} matches ${describeSelector(r.selector)}`,
      );
    case 'verification-failed':
      if (r.evidence === 'openapi') {
        return t(
          'error',
          `The pact between ${consumerText(r.row)} and ${providerText(r.row)} is incompatible with the provider's OpenAPI document${r.detail ? `: ${r.detail}` : ''}`,
        );
      }
      return t(
        'error',
        `The verification for the pact between ${consumerText(r.row)} and ${providerText(r.row)} failed${r.detail ? `: ${r.detail}` : ''}`,
      );
    case 'no-verified-pact':
      return t('error', `There is no verified pact between ${consumerText(r.row)} and ${providerText(r.row)}`);
    case 'no-provider-version':
      return t('error', noVersionIn(r.scope, r.row.provider).replace('$C', consumerText(r.row)));
    case 'all-successful': {
      // The Pact Broker's sentence when every pair was verified; otherwise say which evidence decided.
      const other = Object.entries(r.byEvidence ?? {}).filter(([k]) => k !== 'verification');
      if (!other.length) return t('success', 'All required verification results are published and successful');
      const parts = Object.entries(r.byEvidence ?? {}).map(([k, n]) => `${n} by ${EVIDENCE_WORDS[k] ?? k}`);
      return t('success', `All required pairs are compatible (${parts.join(', ')})`);
    }
    case 'no-dependencies':
      return t('success', 'There are no missing dependencies');
    case 'openapi-breaking':
      return t(
        'error',
        `The OpenAPI document of ${r.changes.pacticipant} ${r.changes.version} breaks the one of ${r.changes.against} (deployed) at level ${r.level} or above: ${r.changes.findings
          .map((f) => `${f.method && f.path ? `${f.method} ${f.path}: ` : ''}${f.message} (${f.level} ${f.id})`)
          .join('; ')}`,
      );
    case 'openapi-changes-unknown':
      return t(
        'error',
        r.changes.status === 'pending'
          ? `What changed from the OpenAPI document of ${r.changes.pacticipant} ${r.changes.against} (deployed) to ${r.changes.version} is not computed yet: ask again shortly`
          : `What changed from the OpenAPI document of ${r.changes.pacticipant} ${r.changes.against} (deployed) to ${r.changes.version} could not be computed`,
      );
  }
}

/** A row's reasons, with their text, for the JSON row. */
export function renderRowReason(r: RowReason, row: RowRef): { id: string; text: string; [k: string]: unknown } {
  switch (r.id) {
    case 'verified': {
      const failures = (r as { failures?: VerificationFailures }).failures;
      return {
        ...r,
        text: `Verification ${r.verificationId} of this pact by ${providerText(row)} ${r.success ? 'succeeded' : 'failed'}${failures ? `: ${failureCountText(failures)}` : ''}`,
      };
    }
    case 'not-verified':
      return { ...r, text: `No verification result of this pact by ${providerText(row)}` };
    case 'no-provider-version': {
      const scope = (r as { scope: ScopeDescription }).scope;
      return { ...r, text: `No version of ${row.provider} matches: ${scopeText(scope, row.provider)}` };
    }
    default: {
      // Static evidence (OpenAPI comparisons, subsumption) explains itself in `message`; the id is a last resort.
      const { text, message } = r as { text?: unknown; message?: unknown };
      return {
        ...r,
        text: typeof text === 'string' ? text : typeof message === 'string' && message !== '' ? message : r.id,
      };
    }
  }
}

const EVIDENCE_WORDS: Record<string, string> = {
  verification: 'verification results',
  subsumption: 'subsumption (the pact asks nothing a verified pact did not)',
  openapi: "comparison with the provider's self-verified OpenAPI document",
};
