import { message } from '../messages.ts';
import { openStore } from '../storage/open-store.ts';
import type { Store } from '../storage/port.ts';
import type { DataRecord, Kind as RecordKind } from '../transfer/records.ts';
import { RecordWriter } from '../transfer/writer.ts';
import { endLater } from './endings.ts';
import { known, pactOfHref, publicationKey } from './known.ts';
import type { SrcDeployment, SrcRelease, SrcVerification, SrcVersion } from './model.ts';
import {
  readDeployment,
  readEnvironments,
  readPact,
  readPacticipants,
  readRelease,
  readVerifications,
  readVersions,
  readWebhooks,
} from './read.ts';
import {
  deploymentRecord,
  environmentRecord,
  pacticipantRecords,
  pactRecords,
  releaseRecord,
  verificationRecords,
  versionRecords,
  webhookRecord,
} from './records.ts';
import { PactBrokerSource, type SourceOptions } from './source.ts';

export { SourceError } from './source.ts';

/** What the summary counts: the kinds of records written, and deployments and releases that ended since a last run. */
export const KINDS = [
  'environment',
  'pacticipant',
  'label',
  'version',
  'branch',
  'branchVersion',
  'tag',
  'pactVersion',
  'pactPublication',
  'verification',
  'deployedVersion',
  'undeployment',
  'releasedVersion',
  'supportEnded',
  'webhook',
] as const;
export type Kind = (typeof KINDS)[number];

export interface ImportOptions extends SourceOptions {
  /** rollgate's database: a SQLite file or a postgres:// URL (opened, and migrated, here). */
  database: string;
  /** Versions per page of the source's listing (default 100, the Pact Broker's). */
  pageSize?: number;
  /** Rows asked of the matrix when listing a pact version's verification results (default 1000). */
  matrixLimit?: number;
}

export type Phase = 'reading' | 'pacts' | 'verifications' | 'deployments' | 'writing';

export interface Progress {
  phase: Phase;
  done: number;
  total: number;
}

export interface ImportSummary {
  /** Per kind: added now, found already there (an earlier run), skipped. */
  counts: Record<Kind, { added: number; existing: number; skipped: number }>;
  skipped: { kind: Kind; item: string; reason: string }[];
  warnings: string[];
  /** Requests sent to the source, by kind (the cost of an import: docs/benchmarks.md). */
  requests: Record<string, number>;
  /** Comparisons and subsumption checks queued to recompute derived evidence. */
  jobsQueued: number;
  seconds: number;
}

/**
 * `rollgate import --from-pact-broker URL --database DEST`: reads a Pact Broker's public HAL API (read.ts) and writes
 * what it holds as export-stream records (records.ts) through the RecordWriter of `rollgate import FILE`, keeping
 * the source's timestamps and order: environments, pacticipants and labels, versions (oldest first) with branches
 * and tags, pacts (in the order of their consumer versions), verification results, deployments and releases (in the
 * order of their times), webhooks. Resumable: what is there already is left as it is; a deployment or release the
 * source has ended since gets its end.
 */
export async function importFromPactBroker(
  opts: ImportOptions,
  onProgress: (p: Progress) => void = () => undefined,
): Promise<ImportSummary> {
  const started = Date.now();
  const store = await openStore(opts.database);
  try {
    return await runImport(store, opts, onProgress, started);
  } finally {
    await store.close();
  }
}

async function runImport(
  store: Store,
  opts: ImportOptions,
  onProgress: (p: Progress) => void,
  started: number,
): Promise<ImportSummary> {
  const src = new PactBrokerSource(opts);
  const now = new Date().toISOString();
  const writer = new RecordWriter(store, { onMissing: 'skip' });
  const counts = Object.fromEntries(
    KINDS.map((k) => [k, { added: 0, existing: 0, skipped: 0 }]),
  ) as ImportSummary['counts'];
  const skipped: ImportSummary['skipped'] = [];
  const warnings: string[] = [];
  // What each record written is, to name a record the writer skips (its `line`).
  const items: string[] = [];
  const write = async (records: DataRecord[], item: string) => {
    for (const r of records) {
      items.push(item);
      await writer.write(r, items.length - 1);
    }
  };
  const skip = (kind: Kind, item: string, reason: string) => {
    counts[kind].skipped++;
    skipped.push({ kind, item, reason });
  };

  // Environments, pacticipants and their labels: a listing each.
  onProgress({ phase: 'reading', done: 0, total: 1 });
  const pacticipants = await readPacticipants(src);
  for (const p of pacticipants) await write(pacticipantRecords(p, now), p.name);
  for (const e of await readEnvironments(src)) await write([environmentRecord(e, now)], e.name);

  // Versions: every pacticipant's listing (and where a listing is short, each version), written oldest first.
  const names = pacticipants.map((p) => p.name);
  let listed = 0;
  const versions = (
    await Promise.all(
      names.map(async (name) => {
        const vs = await readVersions(src, name, opts.pageSize ?? 100);
        onProgress({ phase: 'reading', done: ++listed, total: names.length });
        return vs;
      }),
    )
  ).flat();
  versions.sort(
    byTime(
      (v: SrcVersion) => v.createdAt,
      (v) => v.seq,
    ),
  );
  const versionKeys = new Set<string>();
  const branches = new Set<string>();
  for (const v of versions) {
    versionKeys.add(`${v.pacticipant}\u0000${v.number}`);
    // A branch once (its first version's time), then each version on it.
    const records = versionRecords(v, now).filter(
      (r) => r.type !== 'branch' || !branches.has(`${r.pacticipant}\u0000${r.name}`),
    );
    for (const r of records) if (r.type === 'branch') branches.add(`${r.pacticipant}\u0000${r.name}`);
    await write(records, `${v.pacticipant} ${v.number}`);
  }

  // Pacts, read ahead and written in the order of their consumer versions; a publication already there (fixed once
  // published) is not read again. For each pact version of a pair, a consumer version that has it (to ask the
  // matrix for its verification results).
  const there = await known(store);
  const contents = new Map<string, { sha: string; consumer: string; provider: string; consumerVersion: string }>();
  const content = (consumer: string, provider: string, consumerVersion: string, sha: string) => {
    const key = `${consumer}\u0000${provider}\u0000${sha}`;
    if (!contents.has(key)) contents.set(key, { sha, consumer, provider, consumerVersion });
  };
  const toRead: string[] = [];
  for (const href of versions.flatMap((v) => v.pactHrefs)) {
    const p = pactOfHref(href);
    const sha = p && there.publications.get(publicationKey(p.consumer, p.version, p.provider));
    if (p && sha) {
      counts.pactPublication.existing++;
      content(p.consumer, p.provider, p.version, sha);
    } else toRead.push(href);
  }
  await inOrder(
    'pacts',
    toRead,
    (href) => readPact(src, href),
    async (href, pact) => {
      if (!pact) return skip('pactPublication', href, message('pb-import.gone'));
      const item = `${pact.consumer} ${pact.consumerVersion} -> ${pact.provider}`;
      const out = pactRecords(pact, now);
      if ('skipped' in out) return skip('pactPublication', item, out.skipped);
      await write(out.records, item);
      content(pact.consumer, pact.provider, pact.consumerVersion, out.sha);
    },
    onProgress,
  );

  // Verification results, per source pact version through the matrix; written in the order they were made.
  const limit = opts.matrixLimit ?? 1000;
  const verifications: { v: SrcVerification; sha: string }[] = [];
  await inOrder(
    'verifications',
    [...contents.entries()],
    ([, c]) => readVerifications(src, c, limit),
    async ([, c], found) => {
      if (found.truncated)
        warnings.push(message('pb-import.verifications-limited', { ...c, version: c.consumerVersion, limit }));
      for (const v of found.verifications) verifications.push({ v, sha: c.sha });
    },
    onProgress,
  );
  verifications.sort(
    byTime(
      (x: { v: SrcVerification }) => x.v.verifiedAt,
      (x) => x.v.href,
    ),
  );
  for (const { v, sha } of verifications) {
    const records = verificationRecords(v, sha, now);
    const fresh = !versionKeys.has(`${v.provider}\u0000${v.providerVersion}`);
    versionKeys.add(`${v.provider}\u0000${v.providerVersion}`);
    await write(fresh ? records : records.slice(1), `${v.provider} ${v.providerVersion} verified ${v.consumer}`);
  }

  // Deployments and releases with their history (each a request), in the order they were recorded.
  const deployments: SrcDeployment[] = [];
  const releases: SrcRelease[] = [];
  // An ended deployment or release never changes: not read again.
  const isEnded = (href: string) => there.ended.has(decodeURIComponent(href.split(/[?#]/)[0]!.split('/').pop() ?? ''));
  const hrefs = versions.flatMap((v) => [
    ...v.deployedHrefs.filter((href) => !isEnded(href)).map((href) => ({ href, deployed: true })),
    ...v.releasedHrefs.filter((href) => !isEnded(href)).map((href) => ({ href, deployed: false })),
  ]);
  counts.deployedVersion.existing += versions.reduce((n, v) => n + v.deployedHrefs.filter(isEnded).length, 0);
  counts.releasedVersion.existing += versions.reduce((n, v) => n + v.releasedHrefs.filter(isEnded).length, 0);
  await inOrder(
    'deployments',
    hrefs,
    (h): Promise<SrcDeployment | SrcRelease | null> =>
      h.deployed ? readDeployment(src, h.href) : readRelease(src, h.href),
    async (h, found) => {
      if (!found) return skip(h.deployed ? 'deployedVersion' : 'releasedVersion', h.href, message('pb-import.gone'));
      if (h.deployed) deployments.push(found as SrcDeployment);
      else releases.push(found as SrcRelease);
    },
    onProgress,
  );
  // What ended at the source since an earlier run first (a record already there is left as it is by the writer,
  // and an instance has one current deployment: the one replacing it must find it ended).
  await writer.flush();
  const ended = await endLater(store, deployments, releases);
  counts.undeployment.added = ended.undeployed;
  counts.supportEnded.added = ended.supportEnded;
  const recorded = [
    ...deployments.map((d) => ({ at: d.createdAt, record: deploymentRecord(d, now), item: placed(d) })),
    ...releases.map((r) => ({ at: r.createdAt, record: releaseRecord(r, now), item: placed(r) })),
  ].sort(
    byTime(
      (x: { at: string }) => x.at,
      () => 0,
    ),
  );
  for (const r of recorded) await write([r.record], r.item);

  // Webhooks, last. A secret the source does not return: imported disabled, with a warning.
  for (const w of await readWebhooks(src)) {
    const record = webhookRecord(w, now);
    if ('skipped' in record) {
      skip('webhook', w.uuid, record.skipped);
      continue;
    }
    await write([record], w.uuid);
    if (w.redacted.length && !there.webhooks.has(w.uuid))
      warnings.push(message('pb-import.webhook-redacted', { uuid: w.uuid, fields: w.redacted.join(', ') }));
  }

  onProgress({ phase: 'writing', done: 0, total: 1 });
  const written = await writer.finish();
  for (const kind of KINDS) {
    if (kind in written.added) {
      counts[kind].added += written.added[kind as RecordKind];
      counts[kind].existing += written.existing[kind as RecordKind];
    }
  }
  // A webhook the source redacted is counted once with its warning, not as existing on a later run.
  for (const s of written.skipped) skip(s.kind as Kind, items[s.line ?? -1] ?? '', s.reason);

  onProgress({ phase: 'writing', done: 1, total: 1 });

  return {
    counts,
    skipped,
    warnings,
    requests: Object.fromEntries(src.requests),
    jobsQueued: written.jobsQueued,
    seconds: (Date.now() - started) / 1000,
  };
}

const placed = (x: { pacticipant: string; version: string; environment: string; applicationInstance?: string }) =>
  `${x.pacticipant} ${x.version} in ${x.environment}${x.applicationInstance ? ` (${x.applicationInstance})` : ''}`;

/** Orders by an ISO time (missing ones first), then by a tie-breaker; stable. */
function byTime<T>(time: (x: T) => string | undefined, tie: (x: T) => number | string) {
  return (a: T, b: T) => {
    const d = (Date.parse(time(a) ?? '') || 0) - (Date.parse(time(b) ?? '') || 0);
    if (d) return d;
    const ta = tie(a);
    const tb = tie(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
}

/** Reads up to `width` items ahead (the source's pool bounds the requests in flight) and handles them in order. */
async function inOrder<T, R>(
  phase: Phase,
  items: readonly T[],
  read: (item: T) => Promise<R>,
  handle: (item: T, read: R) => Promise<void>,
  onProgress: (p: Progress) => void,
  width = 64,
): Promise<void> {
  // Settled wrappers: a read that fails while waiting its turn is no unhandled rejection.
  const pending: Promise<{ ok: R } | { error: unknown }>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < width)
      pending.push(
        read(items[next++]!).then(
          (ok) => ({ ok }),
          (error: unknown) => ({ error }),
        ),
      );
  };
  onProgress({ phase, done: 0, total: items.length });
  for (let i = 0; i < items.length; i++) {
    fill();
    const r = await pending.shift()!;
    if ('error' in r) throw r.error;
    await handle(items[i]!, r.ok);
    onProgress({ phase, done: i + 1, total: items.length });
  }
}
