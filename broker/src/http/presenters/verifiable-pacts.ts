import type { VerifiablePact } from '../../domain/verification-pacts/index.ts';
import type { Linker } from '../../links/linker.ts';
import { path, routes } from '../../links/paths.ts';
import { message } from '../../messages.ts';

/** The opaque `metadata` segment of a pact URL: which consumer versions, pending, WIP led to it. */
export function encodeMetadata(p: VerifiablePact): string {
  const m: Record<string, unknown> = { cv: p.consumerVersions };
  if (p.pending) m.p = true;
  if (p.wip) m.w = true;
  if (p.rollback.length) m.r = true;
  return Buffer.from(JSON.stringify(m)).toString('base64url');
}

/** What a pact URL's metadata segment says; anything unreadable says nothing (the URL still works). */
export function decodeMetadata(segment: string | undefined): { wip: boolean; pending: boolean } {
  if (!segment) return { wip: false, pending: false };
  try {
    const m = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown> | null;
    return { wip: m?.w === true, pending: m?.p === true };
  } catch {
    return { wip: false, pending: false };
  }
}

function scopeText(p: VerifiablePact): string {
  if (p.pendingScope.branch)
    return message('pfv.scope.branch', { provider: p.provider, branch: p.pendingScope.branch });
  if (p.pendingScope.tags?.length)
    return message('pfv.scope.tags', {
      provider: p.provider,
      plural: p.pendingScope.tags.length > 1 ? 1 : undefined,
      tags: p.pendingScope.tags.map((t) => `'${t}'`).join(', '),
    });
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
      text: message('pfv.notice.selected', {
        url,
        plural: p.consumerVersions.length > 1 ? 1 : undefined,
        criteria: criteria.join('\n'),
      }),
    });
  }
  if (p.wip) {
    out.push({
      when: 'before_verification',
      text: message('pfv.notice.wip', {
        url,
        selector: p.reasons[0].description.replace(/^work in progress \((.*)\)$/, '$1'),
        consumer: p.consumer,
      }),
    });
  }
  for (const r of p.rollback) {
    out.push({
      when: 'before_verification',
      text: message('pfv.notice.rollback', {
        url,
        consumer: p.consumer,
        prior: r.prior,
        environment: r.environment,
        instance: r.applicationInstance ?? undefined,
        current: r.current,
      }),
    });
  }
  // A pact pending only for rollback readiness has said why above; the usual pending notices ("no successful
  // verification from main yet") would be false, since main versions did verify its content.
  if (p.pendingForReadinessOnly) return out;
  if (p.pending) {
    out.push({
      when: 'before_verification',
      text: message('pfv.notice.pending', { provider: p.provider, scope: scopeText(p) }),
    });
    out.push({
      when: 'after_verification:success_true_published_false',
      text: message('pfv.notice.still-pending-unpublished', { scope: scopeText(p) }),
    });
    out.push({
      when: 'after_verification:success_true_published_true',
      text: message('pfv.notice.no-longer-pending', { scope: scopeText(p) }),
    });
    out.push({
      when: 'after_verification:success_false_published_false',
      text: message('pfv.notice.still-pending-failed', { scope: scopeText(p) }),
    });
    out.push({
      when: 'after_verification:success_false_published_true',
      text: message('pfv.notice.still-pending-failed', { scope: scopeText(p) }),
    });
  } else if (includePending) {
    out.push({
      when: 'before_verification',
      text: message('pfv.notice.not-pending', { scope: scopeText(p) }),
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
