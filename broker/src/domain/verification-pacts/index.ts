/**
 * Pacts for verification: which pacts a provider build must verify, whether each is pending, which are
 * work in progress, and (rollback readiness) the pacts of the consumer versions an environment would roll
 * back to. One read program: the publications a selector can choose are found in SQL (candidates.ts), and the
 * selection rules run in memory over those only.
 */
import { NotFoundError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { findEnvironmentByName } from '../../repositories/environments.ts';
import {
  findPacticipant,
  pacticipantsByIds,
  type PacticipantRow,
  pacticipantNames,
} from '../../repositories/pacticipants.ts';
import type { PublicationRow } from '../../repositories/pacts.ts';
import { successfulVerificationsOf, tagFirstUsed, type LiveRow } from '../../repositories/verification-pacts.ts';
import { branchesAndTagsOfVersions, findBranch } from '../../repositories/versions.ts';
import type { Program } from '../../storage/sql.ts';
import { candidatePublications } from './candidates.ts';
import type { ConsumerVersionSelector, PfvRequest } from './request.ts';

export type { PfvRequest } from './request.ts';
export { parsePfvRequest } from './request.ts';

/** Why a pact was selected: one entry per selector (or WIP, or rollback readiness) that chose it. */
export interface SelectionReason {
  description: string;
  consumerVersions: string[];
  kind: 'selector' | 'wip' | 'rollback';
}

export interface RollbackNote {
  environment: string;
  prior: string;
  current: string;
  applicationInstance: string | null;
}

export interface VerifiablePact {
  consumer: string;
  provider: string;
  sha: string;
  pactVersionId: number;
  /** Consumer versions whose pact has this content and that a reason selected, newest first. */
  consumerVersions: string[];
  reasons: SelectionReason[];
  pending: boolean;
  /**
   * Pending only because it was selected for rollback readiness alone: the usual rule (a successful verification
   * from the provider's branch) would not make it pending, so the usual pending notices would be false.
   */
  pendingForReadinessOnly: boolean;
  wip: boolean;
  /** Only present when selected solely for rollback readiness or also for it. */
  rollback: RollbackNote[];
  /** What the pending status is about: a branch, tags, or any provider version. */
  pendingScope: { branch?: string; tags?: string[] };
}

export interface PfvOptions {
  rollbackReadiness: boolean;
}

interface Pub {
  row: PublicationRow;
  consumer: PacticipantRow;
  branches: string[];
  tags: string[];
}

interface Picked {
  pub: Pub;
  description: string;
  kind: SelectionReason['kind'];
}

const byConsumer = (pubs: Pub[], consumer?: string) =>
  consumer === undefined ? pubs : pubs.filter((p) => p.consumer.name === consumer);

/** Newest publication per consumer among `pubs` (which are sorted newest first). */
function latestPerConsumer(pubs: Pub[]): Pub[] {
  const seen = new Set<number>();
  const out: Pub[] = [];
  for (const p of pubs) {
    if (seen.has(p.consumer.id)) continue;
    seen.add(p.consumer.id);
    out.push(p);
  }
  return out;
}

function describeLive(kind: 'deployed' | 'released' | 'deployedOrReleased', env: string): string {
  return kind === 'deployed'
    ? `deployed to ${env}`
    : kind === 'released'
      ? `released to ${env}`
      : `deployed or released to ${env}`;
}

/** The publications one selector chooses. */
function choose(
  s: ConsumerVersionSelector,
  pubs: Pub[],
  req: PfvRequest,
  live: { deployed: LiveRow[]; released: LiveRow[] },
): Picked[] {
  const mine = byConsumer(pubs, s.consumer);
  const picked: Picked[] = [];
  const pick = (list: Pub[], description: (p: Pub) => string) => {
    for (const pub of list) picked.push({ pub, description: description(pub), kind: 'selector' });
  };
  const latestWith = (pred: (p: Pub) => boolean) => latestPerConsumer(mine.filter(pred));
  if (s.mainBranch) {
    pick(
      latestWith((p) => !!p.consumer.main_branch && p.branches.includes(p.consumer.main_branch)),
      () => 'latest from main branch',
    );
  } else if (s.matchingBranch) {
    pick(
      latestWith((p) => p.branches.includes(req.providerVersionBranch!)),
      () => `latest from matching branch ${req.providerVersionBranch}`,
    );
  } else if (s.branch !== undefined) {
    const found = latestWith((p) => p.branches.includes(s.branch!));
    pick(found, () => `latest from branch ${s.branch}`);
    if (s.fallbackBranch !== undefined) {
      const have = new Set(found.map((p) => p.consumer.id));
      pick(
        latestWith((p) => !have.has(p.consumer.id) && p.branches.includes(s.fallbackBranch!)),
        () => `latest from fallback branch ${s.fallbackBranch}`,
      );
    }
  } else if (s.tag !== undefined) {
    if (s.latest) {
      const found = latestWith((p) => p.tags.includes(s.tag!));
      pick(found, () => `latest with tag ${s.tag}`);
      if (s.fallbackTag !== undefined) {
        const have = new Set(found.map((p) => p.consumer.id));
        pick(
          latestWith((p) => !have.has(p.consumer.id) && p.tags.includes(s.fallbackTag!)),
          () => `latest with fallback tag ${s.fallbackTag}`,
        );
      }
    } else {
      pick(
        mine.filter((p) => p.tags.includes(s.tag!)),
        () => `one of ${s.tag}`,
      );
    }
  } else if (s.deployed || s.released || s.deployedOrReleased || s.environment !== undefined) {
    const kind = s.deployed ? 'deployed' : s.released ? 'released' : 'deployedOrReleased';
    const rows = [...(kind !== 'released' ? live.deployed : []), ...(kind !== 'deployed' ? live.released : [])].filter(
      (r) => s.environment === undefined || r.environment === s.environment,
    );
    for (const pub of mine) {
      const envs = [
        ...new Set(rows.filter((r) => r.version_id === pub.row.consumer_version_id).map((r) => r.environment)),
      ];
      for (const env of envs) {
        const how =
          live.deployed.some((r) => r.environment === env && r.version_id === pub.row.consumer_version_id) &&
          kind !== 'released'
            ? 'deployed'
            : 'released';
        picked.push({
          pub,
          description: describeLive(kind === 'deployedOrReleased' ? how : kind, env),
          kind: 'selector',
        });
      }
    }
  } else if (s.latest) {
    pick(latestPerConsumer(mine), () => 'latest');
  }
  return picked;
}

/** The Pact Broker's defaults when no selectors are given: main branch (or its tag, or latest) plus everything live. */
function defaults(pubs: Pub[], live: { deployed: LiveRow[]; released: LiveRow[] }, req: PfvRequest): Picked[] {
  const out: Picked[] = [];
  for (const first of latestPerConsumer(pubs)) {
    const c = first.consumer;
    const mine = pubs.filter((p) => p.consumer.id === c.id);
    const main = c.main_branch ?? undefined;
    const onMain = main ? mine.find((p) => p.branches.includes(main)) : undefined;
    const taggedMain = main && !onMain ? mine.find((p) => p.tags.includes(main)) : undefined;
    if (onMain) out.push({ pub: onMain, description: 'latest from main branch', kind: 'selector' });
    else if (taggedMain) out.push({ pub: taggedMain, description: `latest with tag ${main}`, kind: 'selector' });
    else out.push({ pub: mine[0], description: 'latest', kind: 'selector' });
  }
  out.push(...choose({ deployedOrReleased: true }, pubs, req, live));
  return out;
}

/** Every pacts-for-verification answer for one provider. */
export function* pactsForVerification(
  providerName: string,
  req: PfvRequest,
  options: PfvOptions,
): Program<VerifiablePact[]> {
  const provider = yield* findPacticipant(providerName);
  if (!provider) throw new NotFoundError(message('pacticipant.not-found', { name: providerName }));
  const envProblems: { path: string; message: string }[] = [];
  for (const [i, s] of req.consumerVersionSelectors.entries()) {
    if (s.environment !== undefined && !(yield* findEnvironmentByName(s.environment))) {
      envProblems.push({
        path: `consumerVersionSelectors[${i}].environment`,
        message: message('environment.not-found', { name: s.environment }),
      });
    }
  }
  if (envProblems.length) throw new ValidationError(envProblems);

  // Only the publications a selector, WIP or rollback readiness can choose are read (candidates.ts).
  const cand = yield* candidatePublications(provider.id, req, options);
  const rows = cand.rows;
  if (!rows.length) return [];
  const consumerIds = [...new Set(rows.map((r) => r.consumer_id))];
  const consumers: Map<number, PacticipantRow> = yield* pacticipantsByIds(consumerIds);
  const versionIds = [...new Set(rows.map((r) => r.consumer_version_id))];
  const { branches, tags } = yield* branchesAndTagsOfVersions(versionIds);
  const branchesOf = new Map<number, string[]>();
  for (const b of branches) branchesOf.set(b.version_id, [...(branchesOf.get(b.version_id) ?? []), b.branch]);
  const tagsOf = new Map<number, string[]>();
  for (const t of tags) tagsOf.set(t.version_id, [...(tagsOf.get(t.version_id) ?? []), t.name]);
  const pubs: Pub[] = rows.map((row) => ({
    row,
    consumer: consumers.get(row.consumer_id)!,
    branches: branchesOf.get(row.consumer_version_id) ?? [],
    tags: tagsOf.get(row.consumer_version_id) ?? [],
  }));
  const live = cand.live;

  const picked: Picked[] = req.defaulted
    ? defaults(pubs, live, req)
    : req.consumerVersionSelectors.flatMap((s) => choose(s, pubs, req, live));

  // Rollback readiness: the consumer versions each environment would roll back to (always pending).
  const rollbackNotes = new Map<number, RollbackNote[]>();
  const liveSelectors = req.consumerVersionSelectors.filter((s) => s.deployed || s.released || s.deployedOrReleased);
  if (options.rollbackReadiness && liveSelectors.length) {
    const pubByVersion = new Map(pubs.map((p) => [p.row.consumer_version_id, p]));
    const seen = new Set<string>();
    for (const { lane: cur, prior } of cand.lanes) {
      const inScope = liveSelectors.some(
        (s) =>
          (s.environment === undefined || s.environment === cur.environment) &&
          (s.consumer === undefined || s.consumer === consumers.get(cur.pacticipant_id)?.name),
      );
      if (!inScope || !prior) continue;
      const pub = pubByVersion.get(prior.version_id);
      if (!pub) continue;
      const key = `${prior.version_id}:${cur.environment}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const note: RollbackNote = {
        environment: cur.environment,
        prior: prior.version_number,
        current: cur.version_number,
        applicationInstance: cur.application_instance || null,
      };
      rollbackNotes.set(pub.row.pact_version_id, [...(rollbackNotes.get(pub.row.pact_version_id) ?? []), note]);
      picked.push({
        pub,
        description: `prior version deployed to ${cur.environment} (rollback readiness)`,
        kind: 'rollback',
      });
    }
  }

  // Group by pact content: identical content is verified once.
  const groups = new Map<number, Picked[]>();
  for (const p of picked) {
    const id = p.pub.row.pact_version_id;
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }

  // Pending: no successful verification from this provider branch (or tags) yet.
  const wipSince = req.includeWipPactsSince;
  const wipCandidates: Pub[] = [];
  if (wipSince && (req.providerVersionBranch || req.providerVersionTags.length)) {
    // The heads of branches and tags published to since then (candidates.ts), newest first.
    for (const p of pubs)
      if (
        cand.wipHeads.has(p.row.consumer_version_id) &&
        p.row.created_at >= wipSince &&
        !groups.has(p.row.pact_version_id)
      )
        wipCandidates.push(p);
  }
  const pactVersionIds = [...new Set([...groups.keys(), ...wipCandidates.map((p) => p.row.pact_version_id)])];
  const successes = pactVersionIds.length ? yield* successfulVerificationsOf(pactVersionIds) : [];
  const verifierIds = [...new Set(successes.map((s) => s.provider_version_id))];
  const verifierLabels = verifierIds.length
    ? yield* branchesAndTagsOfVersions(verifierIds)
    : { branches: [], tags: [] };
  const verifierBranches = new Map<number, string[]>();
  for (const b of verifierLabels.branches)
    verifierBranches.set(b.version_id, [...(verifierBranches.get(b.version_id) ?? []), b.branch]);
  const verifierTags = new Map<number, string[]>();
  for (const t of verifierLabels.tags)
    verifierTags.set(t.version_id, [...(verifierTags.get(t.version_id) ?? []), t.name]);
  const branchRow = req.providerVersionBranch ? yield* findBranch(provider.id, req.providerVersionBranch) : undefined;
  const tagSince = new Map<string, string | undefined>();
  if (!req.providerVersionBranch)
    for (const t of req.providerVersionTags) tagSince.set(t, yield* tagFirstUsed(provider.id, t));
  const pendingScope = req.providerVersionBranch
    ? { branch: req.providerVersionBranch }
    : req.providerVersionTags.length
      ? { tags: req.providerVersionTags }
      : {};
  // `countWip` false (deciding WIP): results published through a WIP pact's URL are not successes, so a WIP pact
  // verified green stays WIP (and pending) until it is verified as a selected pact. For a selected pact they count,
  // as the Pact Broker's pending_for_provider_branch? counts every successful verification.
  const isPending = (pactVersionId: number, countWip = true): boolean => {
    const ok = successes.filter((s) => s.pact_version_id === pactVersionId && (countWip || !s.wip));
    if (req.providerVersionBranch) {
      // A new branch inherits the approvals given before it was created.
      return !ok.some(
        (s) =>
          (verifierBranches.get(s.provider_version_id) ?? []).includes(req.providerVersionBranch!) ||
          !branchRow ||
          s.created_at < branchRow.created_at,
      );
    }
    if (req.providerVersionTags.length) {
      return req.providerVersionTags.some(
        (t) =>
          !ok.some(
            (s) =>
              (verifierTags.get(s.provider_version_id) ?? []).includes(t) ||
              !tagSince.get(t) ||
              s.created_at < tagSince.get(t)!,
          ),
      );
    }
    return ok.length === 0;
  };

  const names = yield* pacticipantNames(consumerIds);
  const out: VerifiablePact[] = [];
  for (const [pactVersionId, ps] of groups) {
    const reasons = new Map<string, SelectionReason>();
    for (const p of ps) {
      const r = reasons.get(p.description) ?? { description: p.description, consumerVersions: [], kind: p.kind };
      if (!r.consumerVersions.includes(p.pub.row.consumer_version_number))
        r.consumerVersions.push(p.pub.row.consumer_version_number);
      reasons.set(p.description, r);
    }
    const onlyRollback = ps.every((p) => p.kind === 'rollback');
    const pendingByRule = req.includePendingStatus && isPending(pactVersionId);
    const sorted = [...ps].sort((a, b) => b.pub.row.consumer_version_id - a.pub.row.consumer_version_id);
    out.push({
      consumer: names.get(sorted[0].pub.row.consumer_id)!,
      provider: provider.name,
      sha: sorted[0].pub.row.sha,
      pactVersionId,
      consumerVersions: [...new Set(sorted.map((p) => p.pub.row.consumer_version_number))],
      reasons: [...reasons.values()],
      pending: onlyRollback || pendingByRule,
      pendingForReadinessOnly: onlyRollback && !pendingByRule,
      wip: false,
      rollback: rollbackNotes.get(pactVersionId) ?? [],
      pendingScope,
    });
  }
  for (const p of wipCandidates) {
    const id = p.row.pact_version_id;
    if (out.some((x) => x.pactVersionId === id) || !isPending(id, false)) continue;
    const via = [...p.branches.map((b) => `branch ${b}`), ...p.tags.map((t) => `tag ${t}`)].join(', ');
    out.push({
      consumer: p.consumer.name,
      provider: provider.name,
      sha: p.row.sha,
      pactVersionId: id,
      consumerVersions: [p.row.consumer_version_number],
      reasons: [
        {
          description: `work in progress (latest from ${via})`,
          consumerVersions: [p.row.consumer_version_number],
          kind: 'wip',
        },
      ],
      pending: true,
      pendingForReadinessOnly: false,
      wip: true,
      rollback: [],
      pendingScope,
    });
  }
  return out.sort((a, b) => Number(a.wip) - Number(b.wip) || a.consumer.localeCompare(b.consumer));
}
