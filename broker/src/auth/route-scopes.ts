import type { Scope } from './principal.ts';

/**
 * THE access table: which scope a request needs, by method and path pattern. First match wins.
 * `public` needs no credentials. A rule with several scopes accepts any one of them.
 *
 * Unlisted reads (GET/HEAD/OPTIONS) need `read`; any unlisted write needs `admin` (fail closed: a new
 * write route is admin-only until it is listed here). Patterns use `:name` for one path segment and
 * match case-insensitively with an optional trailing slash, as the express router does.
 */
export type Requirement = 'public' | Scope[];

const SAFE = ['GET', 'HEAD', 'OPTIONS'];
const PUBLISHERS: Scope[] = ['publish-contracts', 'publish-verifications'];

export const ROUTE_SCOPES: [methods: string, pattern: string, needs: Requirement][] = [
  ['GET HEAD', '/diagnostic/status/heartbeat', 'public'],
  ['GET HEAD', '/audit', ['admin']],
  // Reads that are POSTs.
  ['POST', '/pacts/provider/:provider/for-verification', ['read']],
  ['POST', '/can-i-deploy', ['read']],
  ['POST', '/can-i-rollback', ['read']],
  ['POST', '/matrix', ['read']],
  // Publishing contracts (consumer pacts, provider OpenAPI documents).
  ['POST', '/contracts/publish', ['publish-contracts']],
  ['PUT PATCH', '/pacts/provider/:provider/consumer/:consumer/version/:version', ['publish-contracts']],
  ['POST', '/provider-contracts/provider/:provider/publish', ['publish-contracts']],
  ['PUT', '/contracts/provider/:provider/version/:version', ['publish-contracts']],
  // Verification results; the Verifier PUTs the provider version's branch and tags first.
  [
    'POST',
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results',
    ['publish-verifications'],
  ],
  [
    'POST',
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata/verification-results',
    ['publish-verifications'],
  ],
  ['PUT', '/pacticipants/:pacticipant/branches/:branch/versions/:version', PUBLISHERS],
  ['PUT', '/pacticipants/:pacticipant/versions/:version/tags/:tag', PUBLISHERS],
  ['PUT PATCH', '/pacticipants/:pacticipant/versions/:version', PUBLISHERS],
  ['POST', '/pacticipants', PUBLISHERS],
  ['PUT PATCH', '/pacticipants/:pacticipant', PUBLISHERS],
  // Deployments and releases.
  ['POST', '/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid', ['deploy']],
  ['POST', '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid', ['deploy']],
  ['PATCH', '/deployed-versions/:uuid', ['deploy']],
  ['PATCH', '/released-versions/:uuid', ['deploy']],
  // Everything else: reads need read; environments, deletes, webhooks and any new write need admin.
  [SAFE.join(' '), '*', ['read']],
  ['*', '*', ['admin']],
];

interface CompiledRule {
  methods: Set<string> | '*';
  regex: RegExp;
  needs: Requirement;
  pattern: string;
}

function compile(pattern: string): RegExp {
  if (pattern === '*') return /^/;
  const body = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`, 'i');
}

const compiled: CompiledRule[] = ROUTE_SCOPES.map(([methods, pattern, needs]) => ({
  methods: methods === '*' ? '*' : new Set(methods.split(' ')),
  regex: compile(pattern),
  needs,
  pattern,
}));

/** The requirement of a request: the first rule matching its method and path. */
export function requirementFor(method: string, path: string): { needs: Requirement; pattern: string } {
  const m = method.toUpperCase();
  for (const rule of compiled) {
    if (rule.methods !== '*' && !rule.methods.has(m)) continue;
    if (rule.regex.test(path)) return { needs: rule.needs, pattern: rule.pattern };
  }
  return { needs: ['admin'], pattern: '*' };
}
