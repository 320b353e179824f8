import type { MatrixListing, VersionDetails } from '../../domain/matrix/listing.ts';
import { renderRowReason, renderSummaryReason } from '../../gate/matrix/index.ts';
import type { MatrixRow, WorldVersion } from '../../gate/matrix/types.ts';
import type { Linker } from '../../links/linker.ts';
import { pageInfo } from '../../links/paging.ts';
import { routes } from '../../links/paths.ts';
import { message } from '../../messages.ts';

function presentVersion(l: Linker, v: WorldVersion, d: VersionDetails | undefined) {
  const latestBranch = d?.branches.at(-1)?.branch;
  return {
    number: v.number,
    branch: latestBranch,
    branches: (d?.branches ?? []).map((b) => ({
      name: b.branch,
      _links: { self: l.link(routes.branch(v.pacticipant, b.branch)) },
    })),
    branchVersions: (d?.branches ?? []).map((b) => ({
      name: b.branch,
      _links: { self: l.link(routes.branchVersion(v.pacticipant, b.branch, v.number)) },
    })),
    environments: (d?.environments ?? []).map((e) => ({
      uuid: e.uuid,
      name: e.name,
      displayName: e.display_name ?? e.name,
      production: Boolean(e.production),
      currentlyIn: e.via,
      _links: { self: l.link(routes.environment(e.uuid)) },
    })),
    tags: (d?.tags ?? []).map((t) => ({
      name: t.name,
      latest: undefined,
      _links: { self: l.link(routes.versionTag(v.pacticipant, v.number, t.name)) },
    })),
    _links: { self: l.link(routes.version(v.pacticipant, v.number), { title: 'Version', name: v.number }) },
  };
}

function presentRow(l: Linker, r: MatrixRow, details: Map<number, VersionDetails>) {
  const ref = {
    consumer: r.consumer,
    consumerVersion: r.consumerVersion.number,
    provider: r.provider,
    providerVersion: r.providerVersion?.number ?? null,
    evidence: r.evidence,
  };
  return {
    consumer: {
      name: r.consumer,
      _links: { self: l.link(routes.pacticipant(r.consumer)) },
      version: presentVersion(l, r.consumerVersion, details.get(r.consumerVersion.id)),
    },
    provider: {
      name: r.provider,
      _links: { self: l.link(routes.pacticipant(r.provider)) },
      version: r.providerVersion ? presentVersion(l, r.providerVersion, details.get(r.providerVersion.id)) : null,
    },
    pact: {
      createdAt: r.publication.createdAt,
      _links: {
        self: l.link(routes.pactForVersion(r.provider, r.consumer, r.consumerVersion.number), {
          title: 'Pact',
          name: `Pact between ${r.consumer} (${r.consumerVersion.number}) and ${r.provider}`,
        }),
      },
    },
    verificationResult: r.verification
      ? {
          success: r.verification.success,
          verifiedAt: r.verification.verifiedAt,
          // What failed, as the Verifier published it (bounded; the whole result is at the self link).
          ...(r.verification.failures ? { failures: r.verification.failures } : {}),
          _links: {
            self: l.link(routes.verification(r.provider, r.consumer, r.publication.sha, r.verification.id), {
              title: 'View verification result',
            }),
          },
        }
      : null,
    evidence: r.evidence,
    verdict: r.verdict,
    reasons: r.reasons.map((x) => renderRowReason(x, ref)),
    ...(r.ignored ? { ignored: true } : {}),
    ...(r.superseded ? { superseded: true } : {}),
  };
}

/** `self` with another page: its other parameters kept as they were sent (the matrix's are order-dependent). */
function withPage(self: string, page: number, size: number): string {
  const [path, query = ''] = self.split('?', 2) as [string, string?];
  const kept = query.split('&').filter((x) => x !== '' && !/^(pageNumber|pageSize|page|size)=/.test(x));
  return `${path}?${[...kept, `pageNumber=${page}`, `pageSize=${size}`].join('&')}`;
}

/** `page` and `next`/`previous` links when the rows are paged (the history always is). */
function paged(l: Linker, a: MatrixListing, self: string) {
  const p = a.query.page;
  if (!p) return { links: {} };
  const number = Math.floor(p.offset / p.size) + 1;
  const page = pageInfo({ page: number, size: p.size }, a.listable);
  const at = (n: number) => l.link(withPage(self, n, p.size), { title: `Page ${n}` });
  return {
    page,
    links: {
      ...(number < page.totalPages ? { next: at(number + 1) } : {}),
      ...(number > 1 ? { previous: at(Math.min(number - 1, page.totalPages)) } : {}),
    },
  };
}

/** The Pact Broker's matrix body: summary (deployable true/false/null, counts, reason), notices and rows. */
export function presentMatrix(l: Linker, a: MatrixListing, self: string) {
  const { summary, listed, rowCount } = a;
  const notices = summary.reasons.map(renderSummaryReason);
  const pages = paged(l, a, self);
  if (a.listable < rowCount && a.query.limit)
    notices.push({
      type: 'info',
      text: message('matrix.listing-limited', {
        listed: a.listable,
        rows: rowCount,
        limit: a.query.limit,
      }),
    });
  return {
    summary: {
      deployable: summary.deployable,
      reason: notices.map((n) => n.text).join('\n'),
      success: summary.success,
      failed: summary.failed,
      unknown: summary.unknown,
      ...(summary.ignored !== undefined ? { ignored: summary.ignored } : {}),
    },
    notices,
    // The rows that count first, then the ignored ones (`ignored: true`), as the Pact Broker lists them.
    matrix: [...listed.filter((r) => !r.ignored), ...listed.filter((r) => r.ignored)].map((r) =>
      presentRow(l, r, a.details),
    ),
    ...(pages.page ? { page: pages.page } : {}),
    _links: { self: l.link(self), ...pages.links },
  };
}
