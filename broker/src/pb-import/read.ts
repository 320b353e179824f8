import type {
  SrcDeployment,
  SrcEnvironment,
  SrcLabel,
  SrcPact,
  SrcPacticipant,
  SrcRelease,
  SrcVerification,
  SrcVersion,
  SrcWebhook,
} from './model.ts';
import { embedded, type Hal, linkHref, links, type PactBrokerSource, str } from './source.ts';

/**
 * Readers of a Pact Broker's public HAL API, one per kind, in the shapes of its decorators
 * (lib/pact_broker/api/decorators/, cited per function). Where rollgate's own API (a second rollgate as the
 * source) renders less in a listing, the reader asks the item's resource, which renders the same fields.
 */

const REDACTED = '**********';
const enc = encodeURIComponent;

/** `GET /environments` (EnvironmentsDecorator: `_embedded.environments[]`, EnvironmentDecorator). */
export async function readEnvironments(src: PactBrokerSource): Promise<SrcEnvironment[]> {
  const doc = await src.getOrNull('environments', '/environments');
  return embedded(doc ?? undefined, 'environments').map((e) => ({
    uuid: String(e.uuid),
    name: String(e.name),
    displayName: str(e.displayName),
    production: e.production === true,
    contacts: Array.isArray(e.contacts) && e.contacts.length ? e.contacts : undefined,
    createdAt: str(e.createdAt),
  }));
}

/** `GET /pacticipants` paged (PacticipantsDecorator; PacticipantDecorator: labels embedded, mainBranch, repositoryUrl). */
export async function readPacticipants(src: PactBrokerSource): Promise<SrcPacticipant[]> {
  const out: SrcPacticipant[] = [];
  for await (const page of src.pages('pacticipants', '/pacticipants', 'pacticipants')) {
    for (const p of page)
      out.push({
        name: String(p.name),
        displayName: str(p.displayName),
        repositoryUrl: str(p.repositoryUrl),
        repositoryName: str(p.repositoryName),
        repositoryNamespace: str(p.repositoryNamespace),
        mainBranch: str(p.mainBranch),
        labels: embedded(p, 'labels').map((l) => String(l.name)),
        createdAt: str(p.createdAt),
      });
  }
  return out;
}

/**
 * `GET /pacticipants/{p}/versions` paged, newest first (VersionsDecorator; each entry a VersionDecorator with
 * `_embedded.branchVersions` and `tags`, `pb:pact-versions`, `pb:deployed-environments` and
 * `pb:released-environments` links). An entry without them (rollgate renders a short entry in its listing) is
 * completed from `GET /pacticipants/{p}/versions/{v}`: `detail` counts those requests.
 */
export async function readVersions(
  src: PactBrokerSource,
  pacticipant: string,
  pageSize: number,
): Promise<SrcVersion[]> {
  const entries: Hal[] = [];
  for await (const page of src.pages('versions', `/pacticipants/${enc(pacticipant)}/versions`, 'versions', pageSize))
    entries.push(...page);
  return Promise.all(
    entries.map(async (entry, i) => {
      const full =
        links(entry, 'pb:tag').length > 0
          ? entry
          : ((await src.getOrNull(
              'version',
              linkHref(entry, 'self') ?? versionPath(pacticipant, String(entry.number)),
            )) ?? entry);
      return versionOf(pacticipant, full, entries.length - i);
    }),
  );
}

const versionPath = (p: string, v: string) => `/pacticipants/${enc(p)}/versions/${enc(v)}`;

function versionOf(pacticipant: string, v: Hal, seq: number): SrcVersion {
  const labels = (list: Hal[]): SrcLabel[] => {
    const seen = new Set<string>();
    return list
      .map((b) => ({ name: String(b.name), createdAt: str(b.createdAt) }))
      .filter((b) => !seen.has(b.name) && seen.add(b.name));
  };
  const branchList = embedded(v, 'branchVersions').length ? embedded(v, 'branchVersions') : embedded(v, 'branches');
  const hrefs = (rel: string) => links(v, rel).flatMap((l) => (typeof l.href === 'string' ? [l.href] : []));
  // rollgate embeds its deployments and releases instead of linking them.
  const uuids = (key: string, path: string) =>
    embedded(v, key).flatMap((d) => (typeof d.uuid === 'string' ? [`/${path}/${enc(d.uuid)}`] : []));
  return {
    pacticipant,
    number: String(v.number),
    buildUrl: str(v.buildUrl),
    createdAt: str(v.createdAt),
    branches: labels(branchList),
    tags: labels(embedded(v, 'tags')),
    pactHrefs: hrefs('pb:pact-versions'),
    deployedHrefs: [
      ...new Set([...hrefs('pb:deployed-environments'), ...uuids('deployedVersions', 'deployed-versions')]),
    ],
    releasedHrefs: [
      ...new Set([...hrefs('pb:released-environments'), ...uuids('releasedVersions', 'released-versions')]),
    ],
    seq,
  };
}

/** `GET /pacts/provider/{p}/consumer/{c}/version/{v}` (PactDecorator: the content merged with createdAt and links). */
export async function readPact(src: PactBrokerSource, href: string): Promise<SrcPact | null> {
  const doc = await src.getOrNull('pact', href);
  if (!doc) return null;
  const { _links, createdAt, updatedAt, _embedded, ...content } = doc;
  const name = (rel: string) => str(links(doc, rel)[0]?.name);
  const sha = linkHref(doc, 'pb:pact-version')?.match(/\/pact-version\/([^/?#]+)/)?.[1];
  const consumer = name('pb:consumer') ?? str((content.consumer as Hal | undefined)?.name) ?? '';
  const provider = name('pb:provider') ?? str((content.provider as Hal | undefined)?.name) ?? '';
  return {
    consumer,
    provider,
    consumerVersion: name('pb:consumer-version') ?? decodeURIComponent(href.match(/\/version\/([^/?#]+)/)?.[1] ?? ''),
    ...(sha ? { sha: decodeURIComponent(sha) } : {}),
    content,
    createdAt: str(createdAt),
  };
}

/**
 * The verification results of one pact version. The Pact Broker has no listing of them (its
 * `.../pact-version/{sha}/verification-results` is POST only), so they are found through the matrix of a
 * consumer version that has that content, against its provider (MatrixDecorator rows:
 * `verificationResult._links.self`), then each is read (VerificationDecorator): 1 + N requests.
 */
export async function readVerifications(
  src: PactBrokerSource,
  pact: { consumer: string; provider: string; consumerVersion: string; sha: string },
  limit: number,
): Promise<{ verifications: SrcVerification[]; truncated: boolean }> {
  const q = `q[][pacticipant]=${enc(pact.consumer)}&q[][version]=${enc(pact.consumerVersion)}&q[][pacticipant]=${enc(pact.provider)}&limit=${limit}`;
  const matrix = await src.getOrNull('matrix', `/matrix?${q}`);
  const rows = Array.isArray(matrix?.matrix) ? (matrix.matrix as Hal[]) : [];
  const hrefs = new Set<string>();
  for (const row of rows) {
    const href = linkHref(row.verificationResult as Hal | undefined, 'self');
    if (href) hrefs.add(href);
  }
  const found = await Promise.all(
    [...hrefs].map(async (href) => {
      const v = await src.getOrNull('verification', href);
      if (!v) return null;
      const out: SrcVerification = {
        href,
        consumer: pact.consumer,
        provider: pact.provider,
        sha: pact.sha,
        providerVersion: String(v.providerApplicationVersion),
        success: v.success === true,
        buildUrl: str(v.buildUrl),
        testResults: v.testResults ?? undefined,
        verifiedBy: meaningful(v.verifiedBy),
        verifiedAt: str(v.verificationDate) ?? str(v.createdAt),
      };
      return out;
    }),
  );
  return { verifications: found.filter((v): v is SrcVerification => v !== null), truncated: rows.length >= limit };
}

/** `verifiedBy` when it says something (the Pact Broker renders the object with every field null). */
function meaningful(v: unknown): unknown {
  if (!v || typeof v !== 'object') return undefined;
  return Object.values(v).some((x) => x !== null && x !== undefined) ? v : undefined;
}

/** `GET /deployed-versions/{uuid}` (DeployedVersionDecorator: environment, version and pacticipant embedded). */
export async function readDeployment(src: PactBrokerSource, href: string): Promise<SrcDeployment | null> {
  const d = await src.getOrNull('deployment', href);
  if (!d) return null;
  const env = embedded(d, 'environment')[0];
  return {
    uuid: String(d.uuid),
    pacticipant: String(embedded(d, 'pacticipant')[0]?.name),
    version: String(embedded(d, 'version')[0]?.number),
    environmentUuid: String(env?.uuid),
    environment: String(env?.name),
    applicationInstance: str(d.applicationInstance) ?? str(d.target) ?? '',
    createdAt: String(d.createdAt),
    undeployedAt: str(d.undeployedAt),
  };
}

/** `GET /released-versions/{uuid}` (ReleasedVersionDecorator). */
export async function readRelease(src: PactBrokerSource, href: string): Promise<SrcRelease | null> {
  const r = await src.getOrNull('release', href);
  if (!r) return null;
  const env = embedded(r, 'environment')[0];
  return {
    uuid: String(r.uuid),
    pacticipant: String(embedded(r, 'pacticipant')[0]?.name),
    version: String(embedded(r, 'version')[0]?.number),
    environmentUuid: String(env?.uuid),
    environment: String(env?.name),
    createdAt: String(r.createdAt),
    supportEndedAt: str(r.supportEndedAt),
  };
}

/**
 * `GET /webhooks` (WebhooksDecorator: `pb:webhooks` links), then each (WebhookDecorator). The Pact Broker
 * redacts the password and the headers named like authorization or token (domain/webhook_request.rb): those
 * are listed so the operator sets them again.
 */
export async function readWebhooks(src: PactBrokerSource): Promise<SrcWebhook[]> {
  const list = await src.getOrNull('webhooks', '/webhooks');
  const hrefs = links(list ?? undefined, 'pb:webhooks').flatMap((l) => (typeof l.href === 'string' ? [l.href] : []));
  const found = await Promise.all(
    hrefs.map(async (href) => {
      const w = await src.getOrNull('webhook', href);
      if (!w) return null;
      const uuid = str(w.uuid) ?? decodeURIComponent(href.split('/').pop() ?? '');
      const { _links, _embedded, createdAt, updatedAt, ...body } = w;
      const request = { ...((body.request as Hal | undefined) ?? {}) };
      const redacted: string[] = [];
      if (request.password === REDACTED) {
        redacted.push('request.password');
        delete request.password;
      }
      if (typeof request.url === 'string' && request.url.includes(REDACTED)) redacted.push('request.url');
      const headers = { ...((request.headers as Record<string, unknown> | undefined) ?? {}) };
      for (const [k, v] of Object.entries(headers))
        if (v === REDACTED || (Array.isArray(v) && v.includes(REDACTED))) redacted.push(`request.headers.${k}`);
      for (const k of Object.keys(headers)) if (headers[k] === null) delete headers[k];
      request.headers = headers;
      for (const key of ['consumer', 'provider'] as const) if (body[key] === null) delete body[key];
      const out: SrcWebhook = { uuid, body: { ...body, uuid, request }, redacted, createdAt: str(createdAt) };
      return out;
    }),
  );
  return found.filter((w): w is SrcWebhook => w !== null);
}
