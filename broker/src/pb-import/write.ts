import { deploy, release } from '../domain/deployments/record.ts';
import { endReleaseSupport, undeployVersion } from '../domain/deployments/end.ts';
import { createEnvironment } from '../domain/environments/save.ts';
import type { Hooks } from '../domain/hooks.ts';
import { labelPacticipant } from '../domain/pacticipants/labels.ts';
import { savePacticipant } from '../domain/pacticipants/save.ts';
import { decodePact } from '../domain/pacts/decode.ts';
import { publishPacts } from '../domain/pacts/publish.ts';
import { publishVerification } from '../domain/verifications/publish.ts';
import type { BrokerConfig } from '../config.ts';
import { message } from '../messages.ts';
import { setClock } from '../repositories/clock.ts';
import { findDeployedVersion, findReleasedVersion } from '../repositories/deployments.ts';
import { findEnvironmentByName, findEnvironmentByUuid } from '../repositories/environments.ts';
import { labelsOf } from '../repositories/labels.ts';
import { currentPublication, findPactVersionBySha } from '../repositories/pacts.ts';
import { findPacticipant, updatePacticipant } from '../repositories/pacticipants.ts';
import { addBranchVersion, addTag, ensureVersion, findVersion } from '../repositories/versions.ts';
import type { Store } from '../storage/port.ts';
import { get, type Program } from '../storage/sql.ts';
import { createWebhook } from '../webhooks/manage.ts';
import { findWebhook } from '../webhooks/repository.ts';
import { webhookSchema } from '../webhooks/model.ts';
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

/** What one write did: added, found already there (a resumed import), or skipped with a reason. */
export type Outcome = { added: true } | { added: false; skipped?: string };

const ADDED: Outcome = { added: true };
const THERE: Outcome = { added: false };
const skip = (reason: string): Outcome => ({ added: false, skipped: reason });

/**
 * Writes what the import read through rollgate's domain programs, one transaction per item, at the source's
 * time: the broker's clock is set to the item's timestamp while it is written, so created_at columns (which
 * latest, prior, pending and WIP are ordered by) are the source's. Every write first looks for what is already
 * there, so a second run adds only what is new. Events carry the import actor (no webhook fires for them).
 */
export class ImportWriter {
  constructor(
    private readonly store: Store,
    private readonly hooks: Hooks,
    private readonly config: BrokerConfig,
  ) {}

  private async at<T>(iso: string | undefined, program: () => Program<T>): Promise<T> {
    const when = iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso) : undefined;
    try {
      return await this.store.write(function* () {
        setClock(when ? () => when : undefined);
        return yield* program();
      });
    } finally {
      setClock(undefined);
    }
  }

  environment(e: SrcEnvironment): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(e.createdAt, function* () {
      if (yield* findEnvironmentByUuid(e.uuid)) return THERE;
      if (yield* findEnvironmentByName(e.name))
        return skip(message('pb-import.environment-name-taken', { name: e.name }));
      yield* createEnvironment(hooks, {
        uuid: e.uuid,
        name: e.name,
        displayName: e.displayName ?? null,
        production: e.production,
        ...(e.contacts !== undefined ? { contacts: e.contacts } : {}),
      });
      return ADDED;
    });
  }

  /** A new pacticipant with its fields and labels; an existing one gets only the labels and main branch it lacks. */
  pacticipant(p: SrcPacticipant): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(p.createdAt, function* () {
      const existing = yield* findPacticipant(p.name);
      if (!existing) {
        yield* savePacticipant(
          hooks,
          p.name,
          {
            displayName: p.displayName ?? null,
            mainBranch: p.mainBranch ?? null,
            repositoryUrl: p.repositoryUrl ?? null,
            repositoryName: p.repositoryName ?? null,
            repositoryNamespace: p.repositoryNamespace ?? null,
          },
          false,
        );
      } else if (!existing.main_branch && p.mainBranch)
        yield* updatePacticipant(existing.id, { mainBranch: p.mainBranch });
      const had = existing ? new Set(yield* labelsOf(existing.id)) : new Set<string>();
      for (const label of p.labels) if (!had.has(label)) yield* labelPacticipant(hooks, p.name, label);
      return existing ? THERE : ADDED;
    });
  }

  /** A version with its build URL, branches and tags (each at its own time when the source gives one). */
  version(v: SrcVersion): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(v.createdAt, function* () {
      const p = yield* findPacticipant(v.pacticipant);
      if (!p) return skip(message('pb-import.pacticipant-missing', { name: v.pacticipant }));
      const before = yield* findVersion(p.id, v.number);
      const { row, created } = before
        ? { row: before, created: false }
        : yield* ensureVersion(p.id, v.number, v.buildUrl ?? null);
      if (created)
        yield* hooks.emit('versionSaved', {
          pacticipantId: p.id,
          pacticipant: p.name,
          versionId: row.id,
          version: row.number,
          created: true,
        });
      for (const b of v.branches)
        if (yield* addBranchVersion(p.id, row.id, b.name))
          yield* hooks.emit('branchVersionAdded', {
            pacticipantId: p.id,
            pacticipant: p.name,
            versionId: row.id,
            version: row.number,
            branch: b.name,
          });
      for (const t of v.tags)
        if (yield* addTag(row.id, t.name))
          yield* hooks.emit('tagAdded', {
            pacticipantId: p.id,
            pacticipant: p.name,
            versionId: row.id,
            version: row.number,
            tag: t.name,
          });
      return created ? ADDED : THERE;
    });
  }

  /**
   * A consumer version's pact with one provider, as published: rollgate's pact version is the content's SHA,
   * so consumer versions that share a Pact Broker pact version (the same content) share one here. Returns
   * rollgate's SHA for the verifications.
   */
  async pact(p: SrcPact): Promise<{ outcome: Outcome; sha?: string }> {
    let decoded: ReturnType<typeof decodePact>;
    try {
      decoded = decodePact(p.content, '$', { consumer: p.consumer, provider: p.provider });
    } catch (e) {
      return { outcome: skip(message('pb-import.invalid-pact', { detail: (e as Error).message })) };
    }
    const hooks = this.hooks;
    const outcome = await this.at(p.createdAt, function* () {
      const consumer = yield* findPacticipant(p.consumer);
      const provider = yield* findPacticipant(p.provider);
      const version = consumer ? yield* findVersion(consumer.id, p.consumerVersion) : undefined;
      const current = version && provider ? yield* currentPublication(version.id, provider.id) : undefined;
      if (current) return current.sha === decoded.sha ? THERE : skip(message('pb-import.pact-differs'));
      yield* publishPacts(
        hooks,
        {
          consumerName: p.consumer,
          versionNumber: p.consumerVersion,
          contracts: [{ providerName: p.provider, decoded }],
        },
        false,
      );
      return ADDED;
    });
    return { outcome, sha: decoded.sha };
  }

  /** A verification result of rollgate's pact version `sha`, at the source's verification date. */
  verification(v: SrcVerification, sha: string): Promise<Outcome> {
    const hooks = this.hooks;
    const when = v.verifiedAt && !Number.isNaN(Date.parse(v.verifiedAt)) ? new Date(v.verifiedAt).toISOString() : null;
    return this.at(v.verifiedAt, function* () {
      const consumer = yield* findPacticipant(v.consumer);
      const provider = yield* findPacticipant(v.provider);
      const pv = consumer && provider ? yield* findPactVersionBySha(consumer.id, provider.id, sha) : undefined;
      if (!pv) return skip(message('pb-import.pact-missing', { consumer: v.consumer, provider: v.provider }));
      const providerVersion = provider ? yield* findVersion(provider.id, v.providerVersion) : undefined;
      if (providerVersion && when) {
        const same = yield* get(
          'SELECT 1 AS x FROM verifications WHERE pact_version_id = ? AND provider_version_id = ? AND created_at = ? AND success = ?',
          [pv.id, providerVersion.id, when, v.success ? 1 : 0],
        );
        if (same) return THERE;
      }
      yield* publishVerification(hooks, {
        provider: v.provider,
        consumer: v.consumer,
        sha,
        providerVersion: v.providerVersion,
        success: v.success,
        ...(v.buildUrl ? { buildUrl: v.buildUrl } : {}),
        ...(v.testResults !== undefined ? { testResults: v.testResults } : {}),
        ...(v.verifiedBy !== undefined ? { verifiedBy: v.verifiedBy } : {}),
      });
      return ADDED;
    });
  }

  /** A deployment under the source's UUID, at its time (ending the instance's previous one, as the source did). */
  deployment(d: SrcDeployment): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(d.createdAt, function* () {
      if (yield* findDeployedVersion(d.uuid)) return THERE;
      const ids = yield* idsOf(d);
      if (typeof ids === 'string') return skip(ids);
      const out = yield* deploy(hooks, ids, d.applicationInstance, d.uuid);
      return out.created
        ? ADDED
        : skip(message('pb-import.already-deployed', { pacticipant: d.pacticipant, version: d.version }));
    });
  }

  /** The end of a deployment at the source's undeployedAt (nothing when it has ended already). */
  undeployment(d: SrcDeployment): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(d.undeployedAt, function* () {
      const row = yield* findDeployedVersion(d.uuid);
      if (!row) return skip(message('pb-import.deployment-missing'));
      if (row.undeployed_at !== null) return THERE;
      yield* undeployVersion(hooks, d.uuid);
      return ADDED;
    });
  }

  release(r: SrcRelease): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(r.createdAt, function* () {
      if (yield* findReleasedVersion(r.uuid)) return THERE;
      const ids = yield* idsOf(r);
      if (typeof ids === 'string') return skip(ids);
      const out = yield* release(hooks, ids, r.uuid);
      return out.created
        ? ADDED
        : skip(message('pb-import.already-released', { pacticipant: r.pacticipant, version: r.version }));
    });
  }

  supportEnded(r: SrcRelease): Promise<Outcome> {
    const hooks = this.hooks;
    return this.at(r.supportEndedAt, function* () {
      const row = yield* findReleasedVersion(r.uuid);
      if (!row) return skip(message('pb-import.release-missing'));
      if (row.support_ended_at !== null) return THERE;
      yield* endReleaseSupport(hooks, r.uuid);
      return ADDED;
    });
  }

  /** A webhook under the source's UUID; disabled when the source redacted a secret it needs. */
  webhook(w: SrcWebhook): Promise<Outcome> {
    const hooks = this.hooks;
    const config = this.config;
    const parsed = webhookSchema.safeParse(w.redacted.length ? { ...w.body, enabled: false } : w.body);
    if (!parsed.success)
      return Promise.resolve(
        skip(
          message('pb-import.webhook-invalid', {
            detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          }),
        ),
      );
    return this.at(undefined, function* () {
      if (yield* findWebhook(w.uuid)) return THERE;
      yield* createWebhook(hooks, config, parsed.data);
      return ADDED;
    });
  }
}

function* idsOf(d: {
  pacticipant: string;
  version: string;
  environmentUuid: string;
  environment: string;
}): Program<{ versionId: number; pacticipantId: number; environmentId: number } | string> {
  const p = yield* findPacticipant(d.pacticipant);
  const version = p ? yield* findVersion(p.id, d.version) : undefined;
  if (!p || !version) return message('pb-import.version-missing', d);
  const env = (yield* findEnvironmentByUuid(d.environmentUuid)) ?? (yield* findEnvironmentByName(d.environment));
  if (!env) return message('pb-import.environment-missing', d);
  return { versionId: version.id, pacticipantId: p.id, environmentId: env.id };
}
