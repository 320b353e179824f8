import type { VerifiablePact } from '../../domain/verification-pacts/index.ts';
import type { Linker } from '../../links/linker.ts';
import { path, routes } from '../../links/paths.ts';

const PENDING_DOCS = 'Read more at https://docs.pact.io/go/pending';

/** The opaque `metadata` segment of a pact URL: which consumer versions, pending, WIP led to it. */
export function encodeMetadata(p: VerifiablePact): string {
  const m: Record<string, unknown> = { cv: p.consumerVersions };
  if (p.pending) m.p = true;
  if (p.wip) m.w = true;
  if (p.rollback.length) m.r = true;
  return Buffer.from(JSON.stringify(m)).toString('base64url');
}

function scopeText(p: VerifiablePact): string {
  if (p.pendingScope.branch) return `a version of ${p.provider} from branch '${p.pendingScope.branch}'`;
  if (p.pendingScope.tags?.length)
    return `a version of ${p.provider} with tag${p.pendingScope.tags.length > 1 ? 's' : ''} ${p.pendingScope.tags.map((t) => `'${t}'`).join(', ')}`;
  return p.provider;
}

/** The notices the Verifier prints (every value a string, as the Rust deserializer needs). */
export function notices(p: VerifiablePact, url: string, includePending: boolean): { when: string; text: string }[] {
  const out: { when: string; text: string }[] = [];
  const criteria = p.reasons
    .filter((r) => r.kind === 'selector')
    .map((r) => `    * ${r.description} (${r.consumerVersions.join(', ')})`);
  if (criteria.length) {
    out.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because the pact content belongs to the consumer version${p.consumerVersions.length > 1 ? 's' : ''} matching the following criteria:\n${criteria.join('\n')}`,
    });
  }
  if (p.wip) {
    out.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the ${p.reasons[0].description.replace(/^work in progress \((.*)\)$/, '$1')} of ${p.consumer} and is still in pending state). ${PENDING_DOCS}`,
    });
  }
  for (const r of p.rollback) {
    out.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified for rollback readiness: ${p.consumer} version ${r.prior} was deployed to ${r.environment}${r.applicationInstance ? ` (instance ${r.applicationInstance})` : ''} before the current version ${r.current}, so rolling ${p.consumer} back would bring it back. Its result is pending: a failure will not fail this build, but it is recorded and can-i-rollback uses it.`,
    });
  }
  if (p.pending) {
    out.push({
      when: 'before_verification',
      text: `This pact is in pending state for this version of ${p.provider} because a successful verification result for ${scopeText(p)} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${PENDING_DOCS}`,
    });
    out.push({
      when: 'after_verification:success_true_published_false',
      text: `This pact is still in pending state for ${scopeText(p)} as the successful verification results have not yet been published.`,
    });
    out.push({
      when: 'after_verification:success_true_published_true',
      text: `This pact is no longer in pending state for ${scopeText(p)}, as a successful verification result has been published. If a verification for ${scopeText(p)} fails in the future, it will fail the build. ${PENDING_DOCS}`,
    });
    out.push({
      when: 'after_verification:success_false_published_false',
      text: `This pact is still in pending state for ${scopeText(p)} as a successful verification result has not yet been published. This failure will not cause the overall build to fail.`,
    });
    out.push({
      when: 'after_verification:success_false_published_true',
      text: `This pact is still in pending state for ${scopeText(p)} as a successful verification result has not yet been published. This failure will not cause the overall build to fail.`,
    });
  } else if (includePending) {
    out.push({
      when: 'before_verification',
      text: `This pact has previously been successfully verified by ${scopeText(p)}. If this verification fails, it will fail the build. ${PENDING_DOCS}`,
    });
  }
  return out;
}

export function presentVerifiablePacts(l: Linker, provider: string, pacts: VerifiablePact[], includePending: boolean) {
  return {
    _embedded: {
      pacts: pacts.map((p) => {
        const href = `${routes.pactVersion(p.provider, p.consumer, p.sha)}/metadata/${encodeMetadata(p)}`;
        const url = l.url(href);
        return {
          shortDescription: p.reasons.map((r) => r.description).join(', '),
          verificationProperties: {
            ...(includePending || p.pending ? { pending: p.pending } : {}),
            ...(p.wip ? { wip: true } : {}),
            notices: notices(p, url, includePending),
          },
          _links: {
            self: { href: url, name: `Pact between ${p.consumer} (${p.consumerVersions[0]}) and ${p.provider}` },
          },
        };
      }),
    },
    _links: { self: l.link(`/pacts/provider/${path(provider)}/for-verification`, { title: 'Pacts to be verified' }) },
  };
}

/** `GET /pacts/provider/{p}/for-verification`: cheap; the Verifier only needs `_links.self` to POST to. */
export function presentForVerificationIndex(l: Linker, provider: string) {
  return {
    _embedded: { pacts: [] },
    _links: {
      self: l.link(`/pacts/provider/${path(provider)}/for-verification`, { title: 'Pacts to be verified' }),
      'pb:provider': l.link(routes.pacticipant(provider), { title: 'Provider', name: provider }),
    },
  };
}
