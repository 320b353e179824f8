import { configFromEnv } from '../config.ts';
import { IMPORT_ACTOR } from '../domain/events.ts';
import { Hooks } from '../domain/hooks.ts';
import { message } from '../messages.ts';
import { openStore } from '../storage/open-store.ts';
import type { Store } from '../storage/port.ts';
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
import { PactBrokerSource, type SourceOptions } from './source.ts';
import { ImportWriter, type Outcome } from './write.ts';

export { SourceError } from './source.ts';

export const KINDS = [
  'environments',
  'pacticipants',
  'versions',
  'pacts',
  'verifications',
  'deployments',
  'undeployments',
  'releases',
  'support-ended',
  'webhooks',
] as const;
export type Kind = (typeof KINDS)[number];

export interface ImportOptions extends SourceOptions {
  /** rollgate's database: a SQLite file or a postgres:// URL (opened, and migrated, here). */
  database: string;
  /** Versions per page of the source's listing (default 100, the Pact Broker's). */
  pageSize?: number;
  /** Rows asked of the matrix when listing a pact version's verification results (default 1000). */
  matrixLimit?: number;
  /** Environment for webhook egress rules (ROLLGATE_WEBHOOK_*); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface Progress {
  phase: Kind | 'reading';
  done: number;
  total: number;
}

export interface ImportSummary {
  /** Per kind: added now, found already imported, skipped. */
  counts: Record<Kind, { added: number; existing: number; skipped: number }>;
  skipped: { kind: Kind; item: string; reason: string }[];
  warnings: string[];
  /** Requests sent to the source, by kind. */
  requests: Record<string, number>;
  seconds: number;
}

/**
 * `rollgate import --from-pact-broker URL --database DEST`: reads a Pact Broker's public HAL API and writes what it
 * holds into rollgate's database through the domain programs, keeping the source's timestamps and order:
 * environments, pacticipants, versions (oldest first, by their creation time), pacts (in the order of their
 * consumer versions), verification results and deployments, releases and their ends (each in the order of its
 * time), then webhooks. Resumable: each write skips what is already there.
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
  const writer = new ImportWriter(store, new Hooks(IMPORT_ACTOR), configFromEnv(opts.env ?? process.env));
  const counts = Object.fromEntries(
    KINDS.map((k) => [k, { added: 0, existing: 0, skipped: 0 }]),
  ) as ImportSummary['counts'];
  const skipped: ImportSummary['skipped'] = [];
  const warnings: string[] = [];
  const note = (kind: Kind, item: string, o: Outcome) => {
    if (o.added) counts[kind].added++;
    else if (o.skipped) {
      counts[kind].skipped++;
      skipped.push({ kind, item, reason: o.skipped });
    } else counts[kind].existing++;
  };
  const each = async <T>(kind: Kind, items: readonly T[], write: (item: T) => Promise<void>) => {
    let done = 0;
    onProgress({ phase: kind, done, total: items.length });
    for (const item of items) {
      await write(item);
      onProgress({ phase: kind, done: ++done, total: items.length });
    }
  };

  // Environments and pacticipants: one listing each.
  const environments = await readEnvironments(src);
  await each('environments', environments, async (e) => note('environments', e.name, await writer.environment(e)));
  const pacticipants = await readPacticipants(src);
  await each('pacticipants', pacticipants, async (p) => note('pacticipants', p.name, await writer.pacticipant(p)));

  // Versions: every pacticipant's listing (and, where the listing is short, each version), then written oldest first.
  let listed = 0;
  onProgress({ phase: 'reading', done: 0, total: pacticipants.length });
  const versions = (
    await Promise.all(
      pacticipants.map(async (p) => {
        const vs = await readVersions(src, p.name, opts.pageSize ?? 100);
        onProgress({ phase: 'reading', done: ++listed, total: pacticipants.length });
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
  await each('versions', versions, async (v) =>
    note('versions', `${v.pacticipant} ${v.number}`, await writer.version(v)),
  );

  // Pacts: read ahead, written in the order of their consumer versions. Source SHA -> rollgate SHA and a
  // consumer version that has it (for the matrix query of its verifications).
  const pactHrefs = versions.flatMap((v) => v.pactHrefs);
  const contents = new Map<string, { sha: string; consumer: string; provider: string; consumerVersion: string }>();
  await window(
    'pacts',
    pactHrefs,
    (href) => readPact(src, href),
    async (href, pact) => {
      if (!pact) return note('pacts', href, { added: false, skipped: message('pb-import.pact-gone') });
      const item = `${pact.consumer} ${pact.consumerVersion} -> ${pact.provider}`;
      const { outcome, sha } = await writer.pact(pact);
      note('pacts', item, outcome);
      const key = pact.sha ?? sha;
      if (sha && key && !contents.has(key))
        contents.set(key, {
          sha,
          consumer: pact.consumer,
          provider: pact.provider,
          consumerVersion: pact.consumerVersion,
        });
    },
    onProgress,
  );

  // Verification results: per source pact version, through the matrix; written in the order they were made.
  const limit = opts.matrixLimit ?? 1000;
  const verifications: { v: SrcVerification; sha: string }[] = [];
  await window(
    'reading',
    [...contents.entries()],
    ([srcSha, c]) => readVerifications(src, { ...c, sha: srcSha }, limit),
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
  await each('verifications', verifications, async ({ v, sha }) =>
    note(
      'verifications',
      `${v.provider} ${v.providerVersion} verified ${v.consumer}`,
      await writer.verification(v, sha),
    ),
  );

  // Deployments and releases with their history, replayed in the order of their times.
  const deployments = (
    await Promise.all(versions.flatMap((v) => v.deployedHrefs).map((href) => readDeployment(src, href)))
  ).filter((d): d is SrcDeployment => d !== null);
  const releases = (
    await Promise.all(versions.flatMap((v) => v.releasedHrefs).map((href) => readRelease(src, href)))
  ).filter((r): r is SrcRelease => r !== null);
  type Step = { at: string; order: number; kind: Kind; item: string; run: () => Promise<Outcome> };
  const steps: Step[] = [
    ...deployments.flatMap((d): Step[] => {
      const item = `${d.pacticipant} ${d.version} in ${d.environment}${d.applicationInstance ? ` (${d.applicationInstance})` : ''}`;
      const deployStep: Step = {
        at: d.createdAt,
        order: 1,
        kind: 'deployments',
        item,
        run: () => writer.deployment(d),
      };
      return d.undeployedAt
        ? [deployStep, { at: d.undeployedAt, order: 0, kind: 'undeployments', item, run: () => writer.undeployment(d) }]
        : [deployStep];
    }),
    ...releases.flatMap((r): Step[] => {
      const item = `${r.pacticipant} ${r.version} in ${r.environment}`;
      const releaseStep: Step = { at: r.createdAt, order: 1, kind: 'releases', item, run: () => writer.release(r) };
      return r.supportEndedAt
        ? [
            releaseStep,
            { at: r.supportEndedAt, order: 0, kind: 'support-ended', item, run: () => writer.supportEnded(r) },
          ]
        : [releaseStep];
    }),
  ];
  steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  await each('deployments', steps, async (s) => note(s.kind, s.item, await s.run()));

  // Webhooks, last: they name pacticipants. A redacted secret is a warning and the webhook stays disabled.
  const hooks = await readWebhooks(src);
  await each('webhooks', hooks, async (w) => {
    const outcome = await writer.webhook(w);
    note('webhooks', w.uuid, outcome);
    if (outcome.added && w.redacted.length)
      warnings.push(message('pb-import.webhook-redacted', { uuid: w.uuid, fields: w.redacted.join(', ') }));
  });

  return {
    counts,
    skipped,
    warnings,
    requests: Object.fromEntries(src.requests),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Orders by an ISO time (missing ones first), then by a tie-breaker. */
function byTime<T>(time: (x: T) => string | undefined, tie: (x: T) => number | string) {
  return (a: T, b: T) => {
    const d = (Date.parse(time(a) ?? '') || 0) - (Date.parse(time(b) ?? '') || 0);
    if (d) return d;
    const ta = tie(a);
    const tb = tie(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
}

/** Reads up to `width` items ahead (the source's pool bounds requests in flight) and handles them in order. */
async function window<T, R>(
  phase: Progress['phase'],
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
