import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../../contracts/src/pact/canonical-json.ts';
import { path, routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';
import type { LatestPactRef } from '../../domain/pacts/latest-per-integration.ts';

export interface PactView {
  consumer: string;
  provider: string;
  consumerVersion: string | null;
  sha: string;
  content: string;
  createdAt: string;
  /** The metadata segment of a pacts-for-verification URL, kept in the self and results links. */
  metadata?: string;
}

/** A stable id per interaction, so verification results can name the interactions they ran. */
export function interactionId(interaction: unknown): string {
  return createHash('sha1').update(canonicalJson(interaction)).digest('hex');
}

function withIds(json: Record<string, unknown>): Record<string, unknown> {
  const container = Array.isArray(json.interactions)
    ? 'interactions'
    : Array.isArray(json.messages)
      ? 'messages'
      : undefined;
  if (!container) return json;
  const items = json[container] as Record<string, unknown>[];
  return {
    ...json,
    [container]: items.map((i) => (typeof i === 'object' && i && !('_id' in i) ? { _id: interactionId(i), ...i } : i)),
  };
}

/** The pact as the consumer wrote it, plus the broker's `createdAt` and `_links`. */
export function presentPact(l: Linker, v: PactView) {
  const pactVersionPath = routes.pactVersion(v.provider, v.consumer, v.sha);
  const selfPath = v.metadata
    ? `${pactVersionPath}/metadata/${path(v.metadata)}`
    : v.consumerVersion
      ? routes.pactForVersion(v.provider, v.consumer, v.consumerVersion)
      : pactVersionPath;
  const pair = `/pacts/provider/${path(v.provider)}/consumer/${path(v.consumer)}`;
  const title = `Pact between ${v.consumer}${v.consumerVersion ? ` (${v.consumerVersion})` : ''} and ${v.provider}`;
  return {
    ...withIds(JSON.parse(v.content)),
    createdAt: v.createdAt,
    _links: {
      self: l.link(selfPath, { title: 'Pact', name: title }),
      'pb:consumer': l.link(routes.pacticipant(v.consumer), { title: 'Consumer', name: v.consumer }),
      ...(v.consumerVersion
        ? {
            'pb:consumer-version': l.link(routes.version(v.consumer, v.consumerVersion), {
              title: 'Consumer version',
              name: v.consumerVersion,
            }),
          }
        : {}),
      'pb:provider': l.link(routes.pacticipant(v.provider), { title: 'Provider', name: v.provider }),
      'pb:pact-version': l.link(pactVersionPath, { title: 'Pact content version permalink', name: v.sha }),
      'pb:latest-pact-version': l.link(`${pair}/latest`, { title: 'Latest version of this pact' }),
      'pb:all-pact-versions': l.link(`${pair}/versions`, { title: 'All versions of this pact' }),
      'pb:latest-untagged-pact-version': l.link(`${pair}/latest-untagged`, {
        title: 'Latest untagged version of this pact',
      }),
      'pb:latest-tagged-pact-version': l.link(`${pair}/latest/{tag}`, {
        title: 'Latest tagged version of this pact',
        templated: true,
      }),
      'pb:previous-distinct': l.link(`${selfPath}/previous-distinct`, {
        title: 'Previous distinct version of this pact',
      }),
      'pb:diff-previous-distinct': l.link(`${selfPath}/diff/previous-distinct`, {
        title: 'Diff with previous distinct version of this pact',
      }),
      'pb:diff': l.link(`${pactVersionPath}/diff/pact-version/{pactVersion}`, {
        title: 'Diff with another specified version of this pact',
        templated: true,
      }),
      'pb:publish-verification-results': l.link(
        `${v.metadata ? `${pactVersionPath}/metadata/${path(v.metadata)}` : pactVersionPath}/verification-results`,
        {
          title: 'Publish verification results',
        },
      ),
      'pb:latest-verification-results': l.link(`${pactVersionPath}/verification-results/latest`, {
        title: 'Latest verification results',
      }),
      'pb:matrix-for-consumer-version': l.link(
        `/matrix?q[][pacticipant]=${path(v.consumer)}&q[][version]=${path(v.consumerVersion ?? '')}&latestby=cvpv`,
        { title: 'View matrix rows for the consumer version to which this pact belongs' },
      ),
      ...(v.consumerVersion
        ? {
            'pb:tag-version': l.link(`${routes.version(v.consumer, v.consumerVersion)}/tags/{tag}`, {
              title: 'Tag the consumer version',
              templated: true,
            }),
          }
        : {}),
      curies: [{ name: 'pb', href: l.url('/doc/{rel}?context=pact'), templated: true }],
    },
  };
}

/** `GET /pacts/latest`. */
export function presentLatestPacts(l: Linker, rows: LatestPactRef[]) {
  return {
    pacts: rows.map((r) => ({
      createdAt: r.createdAt,
      _embedded: {
        consumer: {
          name: r.consumer,
          _links: { self: l.link(routes.pacticipant(r.consumer)) },
          _embedded: { version: { number: r.version } },
        },
        provider: { name: r.provider, _links: { self: l.link(routes.pacticipant(r.provider)) } },
      },
      // As the Pact Broker has them (its clients read them in this order): the latest pact, then this version's.
      _links: {
        self: [
          l.link(routes.latestPact(r.provider, r.consumer), { title: 'Latest pact' }),
          l.link(routes.pactForVersion(r.provider, r.consumer, r.version), {
            title: 'Pact',
            name: `Pact between ${r.consumer} (${r.version}) and ${r.provider}`,
          }),
        ],
      },
    })),
    _links: { self: l.link('/pacts/latest') },
  };
}
