import type { SelfVerification } from '../../domain/provider-contracts/publish.ts';
import { isUnreadableContract, type ProviderContractRow } from '../../domain/provider-contracts/queries.ts';
import { message } from '../../messages.ts';
import { uiUrl } from '../../ui/html.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';

export function presentProviderContract(l: Linker, provider: string, version: string, c: ProviderContractRow) {
  const sv = c.self_verification ? (JSON.parse(c.self_verification) as SelfVerification) : undefined;
  return {
    provider,
    providerVersion: version,
    specification: c.specification,
    contentType: c.content_type,
    contentSha: c.content_sha,
    content: c.content,
    selfVerificationResults: sv,
    ...(isUnreadableContract(c)
      ? { readable: false, notices: [{ type: 'warning', text: message('provider-contract.unreadable') }] }
      : {}),
    createdAt: c.created_at,
    _links: {
      self: l.link(routes.providerContract(provider, version)),
      'pb:pacticipant-version': l.link(routes.version(provider, version)),
      // PactFlow links its UI's page of the contract; rollgate's page shows the document and what changed in it.
      'pf:ui': l.link(uiUrl.providerContract(provider, version)),
    },
  };
}

/** What `pactflow publish-provider-contract` reads back: notices and the version's links. */
export function presentProviderContractPublished(
  l: Linker,
  provider: string,
  body: { pacticipantVersionNumber: string; branch?: string; tags?: string[] },
  notices: { type: string; text: string }[],
) {
  const v = body.pacticipantVersionNumber;
  return {
    notices,
    _embedded: { version: { number: v, _links: { self: l.link(routes.version(provider, v)) } } },
    _links: {
      self: l.link(routes.providerContract(provider, v)),
      'pb:pacticipant': l.link(routes.pacticipant(provider), { name: provider }),
      'pb:pacticipant-version': l.link(routes.version(provider, v), { name: v }),
      ...(body.branch
        ? { 'pb:branch-version': l.link(routes.branchVersion(provider, body.branch, v), { name: body.branch }) }
        : {}),
      'pb:pacticipant-version-tags': (body.tags ?? []).map((t) => ({
        ...l.link(routes.versionTag(provider, v, t)),
        name: t,
      })),
    },
  };
}
