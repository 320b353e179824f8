import { setImmediate } from 'node:timers/promises';
import { insertAuditEntry } from '../audit/repository.ts';
import type { BrokerConfig } from '../config.ts';
import { message } from '../messages.ts';
import { nowIso } from '../repositories/clock.ts';
import { removeVersions } from '../repositories/removal.ts';
import type { Store } from '../storage/port.ts';
import { all, allIn, type Program, type SqlParam } from '../storage/sql.ts';
import { KeepSelectorError, parseKeepSelectors, type KeepSelector } from './keep-selectors.ts';

export interface CleanSettings {
  keep: KeepSelector[];
  /** Versions removed per run at most. */
  deletionLimit: number;
  /** Versions removed per transaction: a publish waits behind one batch at most. */
  batchSize: number;
  /**
   * Keep every version ever deployed or released (so `can-i-rollback --steps N` and explicit rollback targets answer
   * the same), not only the current, released and prior ones (ROLLGATE_CLEAN_KEEP_DEPLOYMENT_HISTORY; default false).
   */
  keepDeploymentHistory: boolean;
}

export function cleanSettings(
  config: Pick<
    BrokerConfig,
    'cleanKeepVersionSelectors' | 'cleanDeletionLimit' | 'cleanBatchSize' | 'cleanKeepDeploymentHistory'
  >,
): CleanSettings {
  const whole = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new KeepSelectorError(message('clean.config-number', { name, value: v }));
    return v;
  };
  return {
    keep: parseKeepSelectors(config.cleanKeepVersionSelectors),
    deletionLimit: whole('ROLLGATE_CLEAN_DELETION_LIMIT', config.cleanDeletionLimit),
    batchSize: whole('ROLLGATE_CLEAN_BATCH_SIZE', config.cleanBatchSize),
    keepDeploymentHistory: config.cleanKeepDeploymentHistory,
  };
}

/** A version the clean removes (or, in a dry run, would remove). */
export interface CleanedVersion {
  pacticipant: string;
  version: string;
  createdAt: string;
}

export interface CleanReport {
  dryRun: boolean;
  /** Versions removed (or that would be). */
  versions: number;
  batches: number;
  /** The longest transaction of the run, in ms: how long a publish could have waited behind the clean. */
  longestBatchMs: number;
  durationMs: number;
}

/** Versions read per page while looking for candidates. */
const PAGE = 1000;
const DAY_MS = 86_400_000;

/**
 * The SQL condition (on `v`, a version, joined to its pacticipant `p`) of one keep selector, with its parameters.
 * "Latest" is creation order, as everywhere in the broker: no newer version of the pacticipant with the same tag, on
 * the same branch, or at all.
 */
function selectorCondition(s: KeepSelector, now: number): [string, SqlParam[]] {
  const conds: string[] = [];
  const params: SqlParam[] = [];
  if (s.pacticipant !== undefined) {
    conds.push('p.name = ?');
    params.push(s.pacticipant);
  }
  if (s.environment !== undefined) {
    conds.push(`(EXISTS (SELECT 1 FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
        WHERE d.version_id = v.id AND d.undeployed_at IS NULL AND e.name = ?)
      OR EXISTS (SELECT 1 FROM released_versions r JOIN environments e ON e.id = r.environment_id
        WHERE r.version_id = v.id AND r.support_ended_at IS NULL AND e.name = ?))`);
    params.push(s.environment, s.environment);
  }
  if (s.deployed)
    conds.push('EXISTS (SELECT 1 FROM deployed_versions d WHERE d.version_id = v.id AND d.undeployed_at IS NULL)');
  if (s.released)
    conds.push('EXISTS (SELECT 1 FROM released_versions r WHERE r.version_id = v.id AND r.support_ended_at IS NULL)');
  if (s.maxAgeDays !== undefined) {
    conds.push('v.created_at >= ?');
    params.push(new Date(now - s.maxAgeDays * DAY_MS).toISOString());
  }
  if (s.tag !== undefined) {
    const named = s.tag === true ? '' : 'AND t.name = ?';
    if (s.tag !== true) params.push(s.tag);
    conds.push(
      s.latest
        ? `EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id ${named} AND NOT EXISTS (SELECT 1 FROM tags t2
             JOIN versions v2 ON v2.id = t2.version_id WHERE t2.name = t.name AND v2.pacticipant_id = v.pacticipant_id AND v2.id > v.id))`
        : `EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id ${named})`,
    );
  }
  const onBranch = (named: string) =>
    s.latest
      ? `EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ${named}
           AND NOT EXISTS (SELECT 1 FROM branch_versions bv2 WHERE bv2.branch_id = bv.branch_id AND bv2.version_id > v.id))`
      : `EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ${named})`;
  if (s.branch !== undefined) {
    if (s.branch !== true) params.push(s.branch);
    conds.push(onBranch(s.branch === true ? '' : 'AND b.name = ?'));
  }
  if (s.mainBranch) conds.push(onBranch('AND b.name = p.main_branch'));
  if (s.latest && s.tag === undefined && s.branch === undefined && !s.mainBranch)
    conds.push('NOT EXISTS (SELECT 1 FROM versions v2 WHERE v2.pacticipant_id = v.pacticipant_id AND v2.id > v.id)');
  return [conds.length ? conds.join(' AND ') : '1 = 1', params];
}

/** What a rollback reads, whatever the selectors say: the version is currently deployed or released somewhere. */
const CURRENT = `EXISTS (SELECT 1 FROM deployed_versions d WHERE d.version_id = v.id AND d.undeployed_at IS NULL)
  OR EXISTS (SELECT 1 FROM released_versions r WHERE r.version_id = v.id AND r.support_ended_at IS NULL)`;
/** ... or it is where an instance that has a current deployment rolls back to (its newest other version). */
const PRIOR = `EXISTS (SELECT 1 FROM deployed_versions cur WHERE cur.pacticipant_id = v.pacticipant_id AND cur.undeployed_at IS NULL
  AND v.id = (SELECT d.version_id FROM deployed_versions d WHERE d.environment_id = cur.environment_id
    AND d.pacticipant_id = cur.pacticipant_id AND d.application_instance = cur.application_instance
    AND d.version_id <> cur.version_id ORDER BY d.id DESC LIMIT 1))`;
/** ... or a kept version's declared requirement names it (`at least` this version: its place in the order is read). */
const REQUIRED = `EXISTS (SELECT 1 FROM version_requirements q WHERE q.required_id = v.pacticipant_id AND q.at_least = v.number)`;
/** ... or, keeping the whole history, it was ever deployed or released. */
const HISTORY = `EXISTS (SELECT 1 FROM deployed_versions d WHERE d.version_id = v.id)
  OR EXISTS (SELECT 1 FROM released_versions r WHERE r.version_id = v.id)`;

/**
 * Which of `ids` stay: by construction, every version currently deployed or released and the prior deployed version
 * of every instance in every environment (with `keepDeploymentHistory`, every version ever deployed or released),
 * whatever the selectors say; and every version a keep selector keeps.
 */
export function* keptAmong(
  ids: readonly number[],
  settings: Pick<CleanSettings, 'keep' | 'keepDeploymentHistory'>,
  now: number,
): Program<Set<number>> {
  const kept = new Set<number>();
  const rollback: [string, SqlParam[]][] = settings.keepDeploymentHistory
    ? [
        [HISTORY, []],
        [REQUIRED, []],
      ]
    : [
        [CURRENT, []],
        [PRIOR, []],
        [REQUIRED, []],
      ];
  const conditions: [string, SqlParam[]][] = [...rollback, ...settings.keep.map((s) => selectorCondition(s, now))];
  for (const [cond, params] of conditions) {
    const rows = yield* allIn<{ id: number }>(ids, (list, chunk) => [
      `SELECT v.id FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id IN ${list} AND (${cond})`,
      [...chunk, ...params],
    ]);
    for (const r of rows) kept.add(r.id);
  }
  return kept;
}

type VersionRef = { id: number; pacticipant: string; version: string; created_at: string };

function* versionsAfter(after: number): Program<VersionRef[]> {
  return yield* all<VersionRef>(
    `SELECT v.id, p.name AS pacticipant, v.number AS version, v.created_at FROM versions v
     JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id > ? ORDER BY v.id LIMIT ${PAGE}`,
    [after],
  );
}

/**
 * The version clean: removes versions no keep selector keeps and no rollback needs, oldest first, at most
 * `deletionLimit` per run, `batchSize` per transaction (each batch decided again inside its own transaction, so a
 * version deployed meanwhile stays), with the event loop free between batches. A removed version takes its pacts
 * (and the pact contents no one else uses, except one that proves a kept pact subsumed), the verifications it
 * published, its documents, tags and branch memberships. `dryRun` removes nothing and reports what would go
 * (`onVersion` sees each). Each batch leaves one audit row (`versions.cleaned`).
 */
export async function cleanVersions(
  store: Store,
  settings: CleanSettings,
  opts: { dryRun?: boolean; onVersion?: (v: CleanedVersion) => void } = {},
): Promise<CleanReport> {
  const started = Date.now();
  const now = Date.parse(nowIso());
  const report: CleanReport = {
    dryRun: Boolean(opts.dryRun),
    versions: 0,
    batches: 0,
    longestBatchMs: 0,
    durationMs: 0,
  };
  let after = 0;
  while (report.versions < settings.deletionLimit) {
    const { page, kept } = await store.read(function* () {
      const page = yield* versionsAfter(after);
      return {
        page,
        kept: yield* keptAmong(
          page.map((v) => v.id),
          settings,
          now,
        ),
      };
    });
    if (!page.length) break;
    after = page[page.length - 1].id;
    const candidates = page.filter((v) => !kept.has(v.id)).slice(0, settings.deletionLimit - report.versions);
    for (let i = 0; i < candidates.length; i += settings.batchSize) {
      const batch = candidates.slice(i, i + settings.batchSize);
      if (opts.dryRun) {
        for (const v of batch)
          opts.onVersion?.({ pacticipant: v.pacticipant, version: v.version, createdAt: v.created_at });
        report.versions += batch.length;
        continue;
      }
      const t0 = performance.now();
      const removed = await store.write(function* () {
        const still = yield* keptAmong(
          batch.map((v) => v.id),
          settings,
          now,
        );
        const go = batch.filter((v) => !still.has(v.id));
        yield* removeVersions(
          go.map((v) => v.id),
          // The records of deployments of a removed version go with it: none is current or prior.
          { keepSubsumers: true, withHistory: true },
        );
        if (go.length)
          yield* insertAuditEntry({
            principal: 'system',
            principalKind: 'system',
            action: 'versions.cleaned',
            subject: message('clean.audit-subject', { n: go.length }),
            detail: { versions: go.map((v) => `${v.pacticipant} ${v.version}`) },
          });
        return go;
      });
      report.longestBatchMs = Math.max(report.longestBatchMs, performance.now() - t0);
      report.batches++;
      report.versions += removed.length;
      for (const v of removed)
        opts.onVersion?.({ pacticipant: v.pacticipant, version: v.version, createdAt: v.created_at });
      await setImmediate();
    }
    if (page.length < PAGE) break;
  }
  report.durationMs = Date.now() - started;
  return report;
}
