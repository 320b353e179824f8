import { planEvidence } from '../domain/evidence/precompute.ts';
import type { EventName, StoredEvent } from '../domain/events.ts';
import { message } from '../messages.ts';
import { enqueue } from '../queue/index.ts';
import type { Store } from '../storage/port.ts';
import { get, run, type Program, type SqlParam } from '../storage/sql.ts';
import { zeroCounts, type Counts, type DataRecord, type Kind, type RecordOf } from './records.ts';

/** A record the writer could not store, and why (a name it refers to is unknown). */
export interface Skipped {
  kind: Kind;
  /** The stream line, when the caller gave it. */
  line?: number;
  reason: string;
}

export interface WriteSummary {
  /** Rows written, per kind. */
  added: Counts;
  /** Records already there (a second import of the same history), per kind: nothing changed. */
  existing: Counts;
  skipped: Skipped[];
  /** Comparisons and subsumption checks queued to recompute the derived evidence. */
  jobsQueued: number;
}

export interface WriterOptions {
  /** Records per transaction (default 500): each batch is one short write, so a running broker is never held long. */
  batchSize?: number;
  /** What to do with a record naming something unknown: fail (a file import: the stream is broken) or skip and report. */
  onMissing?: 'fail' | 'skip';
}

/** A record naming something the database does not hold (with `onMissing: 'fail'`). */
export class MissingReferenceError extends Error {
  constructor(
    readonly kind: Kind,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(line === undefined ? `${kind}: ${reason}` : message('transfer.line', { line, text: `${kind}: ${reason}` }));
    this.name = 'MissingReferenceError';
  }
}

/** Ids looked up in one transaction (never kept across: a retried or rolled-back batch must not reuse them). */
class Ids {
  private readonly cache = new Map<string, number | null>();
  *of(key: string, sql: string, params: SqlParam[]): Program<number | undefined> {
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const row = yield* get<{ id: number }>(sql, params);
    this.cache.set(key, row?.id ?? null);
    return row?.id;
  }
  forget(key: string) {
    this.cache.delete(key);
  }
  *pacticipant(name: string) {
    return yield* this.of(`p\u0000${name}`, 'SELECT id FROM pacticipants WHERE name = ?', [name]);
  }
  *environment(name: string) {
    return yield* this.of(`e\u0000${name}`, 'SELECT id FROM environments WHERE name = ?', [name]);
  }
  *version(pacticipantId: number, number: string) {
    return yield* this.of(
      `v\u0000${pacticipantId}\u0000${number}`,
      'SELECT id FROM versions WHERE pacticipant_id = ? AND number = ?',
      [pacticipantId, number],
    );
  }
  *pactVersion(consumerId: number, providerId: number, sha: string) {
    return yield* this.of(
      `pv\u0000${consumerId}\u0000${providerId}\u0000${sha}`,
      'SELECT id FROM pact_versions WHERE consumer_id = ? AND provider_id = ? AND sha = ?',
      [consumerId, providerId, sha],
    );
  }
}

class Missing extends Error {}
const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Missing(what);
  return value;
};

type Outcome = 'added' | 'existing';
type Events = StoredEvent[];

const event = <E extends EventName>(name: E, payload: StoredEvent<E>['payload']): StoredEvent =>
  ({
    id: 0,
    name,
    payload,
    actor: { principal: 'system', principalKind: 'system' },
    occurredAt: '',
    attempts: 0,
  }) as StoredEvent;

const added = (changes: number): Outcome => (changes > 0 ? 'added' : 'existing');

/**
 * How each kind is stored: idempotent (a record already there changes nothing), ids looked up by natural keys. The
 * evidence a new pact, verification, document or deployment makes needed is planned as the broker would on a live
 * write (`events`).
 */
const APPLY: { [K in Kind]: (r: RecordOf<K>, ids: Ids, events: Events) => Program<Outcome> } = {
  *pacticipant(r) {
    return added(
      (yield* run(
        `INSERT INTO pacticipants (name, display_name, main_branch, repository_url, repository_name, repository_namespace,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [
          r.name,
          r.displayName,
          r.mainBranch,
          r.repositoryUrl,
          r.repositoryName,
          r.repositoryNamespace,
          r.createdAt,
          r.updatedAt,
        ],
      )).changes,
    );
  },
  *label(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    return added(
      (yield* run(
        'INSERT INTO labels (pacticipant_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (pacticipant_id, name) DO NOTHING',
        [p, r.name, r.createdAt],
      )).changes,
    );
  },
  *environment(r) {
    return added(
      (yield* run(
        `INSERT INTO environments (uuid, name, display_name, production, contacts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [r.uuid, r.name, r.displayName, r.production ? 1 : 0, r.contacts, r.createdAt, r.updatedAt],
      )).changes,
    );
  },
  *version(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    return added(
      (yield* run(
        `INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (pacticipant_id, number) DO NOTHING`,
        [p, r.number, r.buildUrl, r.createdAt, r.updatedAt],
      )).changes,
    );
  },
  *branch(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    return added(
      (yield* run(
        'INSERT INTO branches (pacticipant_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (pacticipant_id, name) DO NOTHING',
        [p, r.name, r.createdAt],
      )).changes,
    );
  },
  *branchVersion(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    const b = need(
      (yield* get<{ id: number }>('SELECT id FROM branches WHERE pacticipant_id = ? AND name = ?', [p, r.branch]))?.id,
      `branch ${r.branch} of ${r.pacticipant}`,
    );
    return added(
      (yield* run(
        'INSERT INTO branch_versions (branch_id, version_id, created_at) VALUES (?, ?, ?) ON CONFLICT (branch_id, version_id) DO NOTHING',
        [b, v, r.createdAt],
      )).changes,
    );
  },
  *tag(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    return added(
      (yield* run(
        'INSERT INTO tags (version_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (version_id, name) DO NOTHING',
        [v, r.name, r.createdAt],
      )).changes,
    );
  },
  *pactVersion(r, ids, events) {
    const c = need(yield* ids.pacticipant(r.consumer), `pacticipant ${r.consumer}`);
    const p = need(yield* ids.pacticipant(r.provider), `pacticipant ${r.provider}`);
    const outcome = added(
      (yield* run(
        `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, spec_version, interaction_count, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
        [c, p, r.sha, r.content, r.specVersion, r.interactionCount, r.createdAt],
      )).changes,
    );
    if (outcome === 'added') {
      ids.forget(`pv\u0000${c}\u0000${p}\u0000${r.sha}`);
      const id = need(yield* ids.pactVersion(c, p, r.sha), `pact ${r.sha}`);
      events.push(
        event('pactsPublished', {
          consumerId: c,
          consumer: r.consumer,
          versionId: 0,
          version: '',
          versionCreated: false,
          contracts: [{ provider: r.provider, providerId: p, sha: r.sha, pactVersionId: id, status: 'created' }],
        }),
      );
    }
    return outcome;
  },
  *pactPublication(r, ids) {
    const c = need(yield* ids.pacticipant(r.consumer), `pacticipant ${r.consumer}`);
    const p = need(yield* ids.pacticipant(r.provider), `pacticipant ${r.provider}`);
    const v = need(yield* ids.version(c, r.consumerVersion), `${r.consumer} version ${r.consumerVersion}`);
    const pv = need(yield* ids.pactVersion(c, p, r.sha), `the pact ${r.sha} of ${r.consumer} with ${r.provider}`);
    return added(
      (yield* run(
        `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, revision, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_version_id, provider_id, revision) DO NOTHING`,
        [v, c, p, pv, r.revision, r.createdAt],
      )).changes,
    );
  },
  *verification(r, ids, events) {
    const c = need(yield* ids.pacticipant(r.consumer), `pacticipant ${r.consumer}`);
    const p = need(yield* ids.pacticipant(r.provider), `pacticipant ${r.provider}`);
    const pv = need(yield* ids.pactVersion(c, p, r.sha), `the pact ${r.sha} of ${r.consumer} with ${r.provider}`);
    const v = need(yield* ids.version(p, r.providerVersion), `${r.provider} version ${r.providerVersion}`);
    // No natural key: the same pact, provider version and time is the same result.
    const there = yield* get(
      'SELECT id FROM verifications WHERE pact_version_id = ? AND provider_version_id = ? AND created_at = ?',
      [pv, v, r.createdAt],
    );
    if (there) return 'existing';
    yield* run(
      `INSERT INTO verifications (pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url,
       test_results, verified_by, failures, wip, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [pv, v, c, p, r.success ? 1 : 0, r.buildUrl, r.testResults, r.verifiedBy, r.failures, r.wip ? 1 : 0, r.createdAt],
    );
    if (r.success)
      events.push(
        event('verificationPublished', {
          verificationId: 0,
          pactVersionId: pv,
          consumerId: c,
          providerId: p,
          providerVersionId: v,
          success: true,
        }),
      );
    return 'added';
  },
  *providerContract(r, ids, events) {
    const p = need(yield* ids.pacticipant(r.provider), `pacticipant ${r.provider}`);
    const v = need(yield* ids.version(p, r.providerVersion), `${r.provider} version ${r.providerVersion}`);
    const there = yield* get(
      'SELECT id FROM provider_contracts WHERE provider_version_id = ? AND content_sha = ? AND created_at = ?',
      [v, r.contentSha, r.createdAt],
    );
    if (there) return 'existing';
    yield* run(
      `INSERT INTO provider_contracts (provider_id, provider_version_id, content_sha, content, content_type, specification,
       document, self_verification, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [p, v, r.contentSha, r.content, r.contentType, r.specification, r.document, r.selfVerification, r.createdAt],
    );
    events.push(event('providerContractPublished', { providerId: p, providerVersionId: v, contractId: 0 }));
    return 'added';
  },
  *deployedVersion(r, ids, events) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    const e = need(yield* ids.environment(r.environment), `environment ${r.environment}`);
    const outcome = added(
      (yield* run(
        `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, undeployed_at,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [r.uuid, v, p, e, r.applicationInstance, r.undeployedAt, r.createdAt],
      )).changes,
    );
    if (outcome === 'added')
      events.push(
        event('deploymentRecorded', {
          pacticipantId: p,
          versionId: v,
          environmentId: e,
          applicationInstance: r.applicationInstance,
          deployedVersionUuid: r.uuid,
        }),
      );
    return outcome;
  },
  *releasedVersion(r, ids, events) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    const e = need(yield* ids.environment(r.environment), `environment ${r.environment}`);
    const outcome = added(
      (yield* run(
        `INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, support_ended_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [r.uuid, v, p, e, r.supportEndedAt, r.createdAt],
      )).changes,
    );
    if (outcome === 'added')
      events.push(
        event('releaseRecorded', { pacticipantId: p, versionId: v, environmentId: e, releasedVersionUuid: r.uuid }),
      );
    return outcome;
  },
  *versionMigration(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    return added(
      (yield* run(
        `INSERT INTO version_migrations (version_id, migration_id, reversible, down, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (version_id, migration_id) DO NOTHING`,
        [v, r.migrationId, r.reversible ? 1 : 0, r.down, r.createdAt],
      )).changes,
    );
  },
  *versionRequirement(r, ids) {
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    const v = need(yield* ids.version(p, r.version), `${r.pacticipant} version ${r.version}`);
    const q = need(yield* ids.pacticipant(r.required), `pacticipant ${r.required}`);
    return added(
      (yield* run(
        `INSERT INTO version_requirements (version_id, required_id, at_least, semver_range, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version_id, required_id) DO NOTHING`,
        [v, q, r.atLeast, r.semverRange, r.createdAt, r.updatedAt],
      )).changes,
    );
  },
  *rollbackVerdict(r, ids) {
    const e = need(yield* ids.environment(r.environment), `environment ${r.environment}`);
    const p = need(yield* ids.pacticipant(r.pacticipant), `pacticipant ${r.pacticipant}`);
    return added(
      (yield* run(
        `INSERT INTO rollback_safety (environment_id, pacticipant_id, verdict, reason, evaluated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (environment_id, pacticipant_id) DO NOTHING`,
        // When the verdict was last evaluated is this broker's own bookkeeping: the import is its first evaluation.
        [e, p, r.verdict, r.reason, new Date().toISOString()],
      )).changes,
    );
  },
  *verificationRequest(r, ids) {
    const c = need(yield* ids.pacticipant(r.consumer), `pacticipant ${r.consumer}`);
    const p = need(yield* ids.pacticipant(r.provider), `pacticipant ${r.provider}`);
    const pv = need(yield* ids.pactVersion(c, p, r.sha), `the pact ${r.sha} of ${r.consumer} with ${r.provider}`);
    const v = need(yield* ids.version(p, r.providerVersion), `${r.provider} version ${r.providerVersion}`);
    return added(
      (yield* run(
        `INSERT INTO verification_requests (pact_version_id, provider_version_id, reason, first_requested_at, requested_at,
         request_count) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pact_version_id, provider_version_id) DO NOTHING`,
        [pv, v, r.reason, r.firstRequestedAt, r.requestedAt, r.requestCount],
      )).changes,
    );
  },
  *webhook(r) {
    return added(
      (yield* run(
        `INSERT INTO webhooks (uuid, description, consumer_name, consumer_label, provider_name, provider_label, enabled, events,
         request, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
        [
          r.uuid,
          r.description,
          r.consumerName,
          r.consumerLabel,
          r.providerName,
          r.providerLabel,
          r.enabled ? 1 : 0,
          r.events,
          r.request,
          r.createdAt,
          r.updatedAt,
        ],
      )).changes,
    );
  },
  *webhookOwner(r) {
    need(
      (yield* get('SELECT id FROM webhooks WHERE uuid = ?', [r.webhookUuid])) ? true : undefined,
      `webhook ${r.webhookUuid}`,
    );
    return added(
      (yield* run(
        `INSERT INTO webhook_owners (webhook_uuid, principal, principal_kind, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (webhook_uuid) DO NOTHING`,
        [r.webhookUuid, r.principal, r.principalKind, r.createdAt],
      )).changes,
    );
  },
  *audit(r) {
    const there = yield* get(
      'SELECT id FROM audit_log WHERE occurred_at = ? AND action = ? AND subject = ? AND principal = ?',
      [r.occurredAt, r.action, r.subject, r.principal],
    );
    if (there) return 'existing';
    yield* run(
      `INSERT INTO audit_log (occurred_at, request_id, principal, principal_kind, action, subject, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [r.occurredAt, r.requestId, r.principal, r.principalKind, r.action, r.subject, r.detail],
    );
    return 'added';
  },
};

/**
 * Writes stream records into a broker's database through its store (the file import, and the Pact Broker import,
 * which makes the same records from the Pact Broker's API). Give records in stream order (KINDS: what a record names
 * first); they are written in batches, one transaction each, in the order given, so ids follow the source's order and
 * "latest" means the same. Idempotent: a record already there changes nothing (a second run adds only what is new).
 * Each batch also queues the comparisons and subsumption checks its new rows make needed, as a live write would.
 *
 *   const w = new RecordWriter(store);
 *   for await (const r of records) await w.write(r);
 *   const summary = await w.finish();
 */
export class RecordWriter {
  private batch: { record: DataRecord; line?: number }[] = [];
  private readonly summary: WriteSummary = { added: zeroCounts(), existing: zeroCounts(), skipped: [], jobsQueued: 0 };
  private readonly batchSize: number;
  private readonly onMissing: 'fail' | 'skip';

  constructor(
    private readonly store: Store,
    opts: WriterOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.onMissing = opts.onMissing ?? 'fail';
  }

  /** Adds a record (checked already: parse with `recordSchemas`); writes a batch when one is full. */
  async write(record: DataRecord, line?: number): Promise<void> {
    this.batch.push({ record, line });
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  /** Writes what is buffered, in one transaction. */
  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    const onMissing = this.onMissing;
    const result = await this.store.write(function* () {
      const ids = new Ids();
      const events: Events = [];
      const outcomes: (Outcome | Skipped)[] = [];
      for (const { record, line } of batch) {
        try {
          outcomes.push(
            yield* (APPLY[record.type] as (r: DataRecord, i: Ids, e: Events) => Program<Outcome>)(record, ids, events),
          );
        } catch (e) {
          if (!(e instanceof Missing)) throw e;
          const reason = message('transfer.unknown-reference', { what: e.message });
          if (onMissing === 'fail') throw new MissingReferenceError(record.type, line, reason);
          outcomes.push({ kind: record.type, line, reason });
        }
      }
      let jobs = 0;
      for (const job of yield* planEvidence(events)) {
        yield* enqueue(job.kind, job.key, job.payload);
        jobs++;
      }
      return { outcomes, jobs };
    });
    result.outcomes.forEach((o, i) => {
      const kind = batch[i].record.type;
      if (o === 'added') this.summary.added[kind]++;
      else if (o === 'existing') this.summary.existing[kind]++;
      else this.summary.skipped.push(o);
    });
    this.summary.jobsQueued += result.jobs;
  }

  /** Writes the rest and returns what was written. */
  async finish(): Promise<WriteSummary> {
    await this.flush();
    return this.summary;
  }
}
