import { decodePact } from '../domain/pacts/decode.ts';
import { failuresOf } from '../gate/verification/failures.ts';
import { message } from '../messages.ts';
import type { DataRecord, RecordOf } from '../transfer/records.ts';
import { templateOf, webhookSchema } from '../webhooks/model.ts';
import type {
  SrcDeployment,
  SrcEnvironment,
  SrcPact,
  SrcPacticipant,
  SrcRelease,
  SrcVerification,
  SrcVersion,
  SrcWebhook,
} from './model.ts';

/**
 * What the Pact Broker's API said, as the records of rollgate's export stream (broker/src/transfer/records.ts), so
 * the import writes through the same RecordWriter as `rollgate import FILE`: natural keys, the source's timestamps
 * (as ISO strings in UTC, as rollgate stores them), idempotent. A value the records cannot hold is a reason to skip.
 */

/** A Pact Broker time (`2021-09-01T00:07:21+00:00`) as rollgate stores times; `fallback` when absent or unreadable. */
export function iso(time: string | undefined, fallback: string): string {
  const t = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

export function environmentRecord(e: SrcEnvironment, now: string): RecordOf<'environment'> {
  const at = iso(e.createdAt, now);
  return {
    type: 'environment',
    uuid: e.uuid,
    name: e.name,
    displayName: e.displayName ?? null,
    production: e.production,
    contacts: e.contacts === undefined ? null : JSON.stringify(e.contacts),
    createdAt: at,
    updatedAt: at,
  };
}

export function pacticipantRecords(p: SrcPacticipant, now: string): DataRecord[] {
  const at = iso(p.createdAt, now);
  return [
    {
      type: 'pacticipant',
      name: p.name,
      displayName: p.displayName ?? null,
      mainBranch: p.mainBranch ?? null,
      repositoryUrl: p.repositoryUrl ?? null,
      repositoryName: p.repositoryName ?? null,
      repositoryNamespace: p.repositoryNamespace ?? null,
      createdAt: at,
      updatedAt: at,
    },
    ...p.labels.map((name): DataRecord => ({ type: 'label', pacticipant: p.name, name, createdAt: at })),
  ];
}

/** A version with its branches and tags (at their own times where the source gives them, else the version's). */
export function versionRecords(v: SrcVersion, now: string): DataRecord[] {
  const at = iso(v.createdAt, now);
  const out: DataRecord[] = [
    {
      type: 'version',
      pacticipant: v.pacticipant,
      number: v.number,
      buildUrl: v.buildUrl ?? null,
      createdAt: at,
      updatedAt: at,
    },
  ];
  for (const b of v.branches) {
    const bat = iso(b.createdAt, at);
    out.push({ type: 'branch', pacticipant: v.pacticipant, name: b.name, createdAt: bat });
    out.push({ type: 'branchVersion', pacticipant: v.pacticipant, branch: b.name, version: v.number, createdAt: bat });
  }
  for (const t of v.tags)
    out.push({
      type: 'tag',
      pacticipant: v.pacticipant,
      version: v.number,
      name: t.name,
      createdAt: iso(t.createdAt, at),
    });
  return out;
}

/**
 * A consumer version's pact: the content (one pact version per content: consumer versions that share a Pact Broker
 * pact version share it here) and its publication. rollgate's SHA of the content is what its verifications name.
 */
export function pactRecords(p: SrcPact, now: string): { records: DataRecord[]; sha: string } | { skipped: string } {
  let decoded: ReturnType<typeof decodePact>;
  try {
    decoded = decodePact(p.content, '$', { consumer: p.consumer, provider: p.provider });
  } catch (e) {
    return { skipped: message('pb-import.invalid-pact', { detail: (e as Error).message }) };
  }
  const at = iso(p.createdAt, now);
  return {
    sha: decoded.sha,
    records: [
      {
        type: 'pactVersion',
        consumer: p.consumer,
        provider: p.provider,
        sha: decoded.sha,
        content: decoded.content,
        specVersion: decoded.specVersion,
        interactionCount: decoded.interactionCount,
        createdAt: at,
      },
      {
        type: 'pactPublication',
        consumer: p.consumer,
        consumerVersion: p.consumerVersion,
        provider: p.provider,
        sha: decoded.sha,
        revision: 1,
        createdAt: at,
      },
    ],
  };
}

/** A verification result of rollgate's pact version `sha`; the provider version comes first (it may be new). */
export function verificationRecords(v: SrcVerification, sha: string, now: string): DataRecord[] {
  const at = iso(v.verifiedAt, now);
  const failures = failuresOf(v.success, v.testResults);
  return [
    {
      type: 'version',
      pacticipant: v.provider,
      number: v.providerVersion,
      buildUrl: null,
      createdAt: at,
      updatedAt: at,
    },
    {
      type: 'verification',
      consumer: v.consumer,
      provider: v.provider,
      sha,
      providerVersion: v.providerVersion,
      success: v.success,
      buildUrl: v.buildUrl ?? null,
      testResults: v.testResults === undefined ? null : JSON.stringify(v.testResults),
      verifiedBy: v.verifiedBy === undefined ? null : JSON.stringify(v.verifiedBy),
      // A Pact Broker does not say whether a result came through a WIP pact's URL: it counts as an ordinary result.
      wip: false,
      failures: failures === undefined ? null : JSON.stringify(failures),
      createdAt: at,
    },
  ];
}

export function deploymentRecord(d: SrcDeployment, now: string): RecordOf<'deployedVersion'> {
  return {
    type: 'deployedVersion',
    uuid: d.uuid,
    pacticipant: d.pacticipant,
    version: d.version,
    environment: d.environment,
    applicationInstance: d.applicationInstance,
    undeployedAt: d.undeployedAt ? iso(d.undeployedAt, now) : null,
    createdAt: iso(d.createdAt, now),
  };
}

export function releaseRecord(r: SrcRelease, now: string): RecordOf<'releasedVersion'> {
  return {
    type: 'releasedVersion',
    uuid: r.uuid,
    pacticipant: r.pacticipant,
    version: r.version,
    environment: r.environment,
    supportEndedAt: r.supportEndedAt ? iso(r.supportEndedAt, now) : null,
    createdAt: iso(r.createdAt, now),
  };
}

/** A webhook as rollgate stores it; disabled when the source redacted a secret it needs. */
export function webhookRecord(w: SrcWebhook, now: string): RecordOf<'webhook'> | { skipped: string } {
  const parsed = webhookSchema.safeParse(w.redacted.length ? { ...w.body, enabled: false } : w.body);
  if (!parsed.success)
    return {
      skipped: message('pb-import.webhook-invalid', {
        detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      }),
    };
  const body = parsed.data;
  const at = iso(w.createdAt, now);
  return {
    type: 'webhook',
    uuid: w.uuid,
    description: body.description ?? null,
    consumerName: body.consumer?.name || null,
    consumerLabel: body.consumer?.name ? null : body.consumer?.label || null,
    providerName: body.provider?.name || null,
    providerLabel: body.provider?.name ? null : body.provider?.label || null,
    enabled: body.enabled ?? true,
    events: JSON.stringify([...new Set(body.events.map((e) => e.name))]),
    request: JSON.stringify(templateOf(body)),
    createdAt: at,
    updatedAt: at,
  };
}
