/**
 * The text rendering of `can-i-rollback`, for a person at 3 a.m.: the verdict in one line, what moves, the broken
 * pairs with their reasons, the smallest safe set, and the plan as numbered steps with commands to paste.
 */
import { failureLines, type Failures } from './failures.ts';
import { table } from './table.ts';

export interface RollbackTarget {
  pacticipant: string;
  applicationInstance?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface RollbackPair {
  consumer: { name: string; version?: string | null };
  provider: { name: string; version?: string | null };
  verdict: 'compatible' | 'incompatible' | 'unknown' | string;
  evidence?: string;
  reasons?: unknown[];
  ignored?: boolean;
}

export interface RollbackSetAnswer {
  summary: {
    rollbackable?: boolean | null;
    reason?: string;
    compatible?: number;
    incompatible?: number;
    unknown?: number;
  };
  environment?: string | { name?: string };
  targets?: RollbackTarget[];
  pairs?: RollbackPair[];
  minimalSafeSet?: string[] | null;
  plan?: {
    step: number;
    pacticipants: {
      name: string;
      from?: string | null;
      to?: string | null;
      migrations?: { migration: string; version: string; down: string }[];
    }[];
  }[];
  warnings?: unknown[];
  /** Why the set is safe or not, typed, each with its English `message`. */
  reasons?: { id?: string; message?: string; pacticipant?: string }[];
}

export interface RollbackAnalysis {
  summary: { everySubsetSafe?: boolean | null; reason?: string; unknown?: number };
  environment?: string | { name?: string };
  pacticipants?: {
    name: string;
    current?: string | null;
    prior?: string | null;
    verdict: string;
    requires?: string[];
    conflictsWith?: string[];
    reasons?: unknown[];
  }[];
  /** What each provider's own rollback removes from its API (full answer: the warnings; summary: their counts). */
  apiWarnings?: { provider?: string; message?: string }[];
}

export const isAnalysis = (b: RollbackSetAnswer | RollbackAnalysis): b is RollbackAnalysis =>
  'everySubsetSafe' in (b.summary ?? {}) || Array.isArray((b as RollbackAnalysis).pacticipants);

/** A reason may be a string or an object carrying its text. */
/** A reason of the any-subset summary (`detail=summary`): its id and the services it names, without pairs. */
function summaryReasonText(o: Record<string, unknown>): string | undefined {
  switch (o.id) {
    case 'needs':
      return `rolling back ${o.pacticipant} needs ${o.needs} rolled back too`;
    case 'conflict':
      return `${o.pacticipant} and ${o.conflictsWith} cannot both roll back`;
    case 'cannot':
      return `${o.pacticipant} cannot roll back, whether ${o.other} rolls back or not`;
    case 'more-reasons':
      return `${o.more} more reason(s): ask for ${o.pacticipant} with --pacticipant to see every pair`;
    case 'irreversible-migration':
      return `rolling back ${o.pacticipant} crosses migration ${o.migration} of ${o.version}, which cannot be reverted`;
    default:
      return undefined;
  }
}

export function reasonText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (typeof r === 'object' && r !== null) {
    const o = r as Record<string, unknown>;
    for (const k of ['text', 'message', 'reason', 'description']) if (typeof o[k] === 'string') return o[k] as string;
    const summary = summaryReasonText(o);
    if (summary) return summary;
  }
  return JSON.stringify(r);
}

const envName = (e: RollbackSetAnswer['environment'], fallback: string) =>
  typeof e === 'string' ? e : (e?.name ?? fallback);
const v = (x: string | null | undefined) => x ?? '(none)';

/** Quotes a value for a POSIX shell only when it needs it. */
export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface RenderOptions {
  environment: string;
  dryRun: boolean;
  /** Extra flags for the pasted commands (e.g. `-b URL` when the base URL came from a flag). */
  commandSuffix: string;
}

export function renderRollbackSet(b: RollbackSetAnswer, o: RenderOptions): string {
  const out: string[] = [];
  const env = envName(b.environment, o.environment);
  const targets = b.targets ?? [];
  const names = [...new Set(targets.map((t) => t.pacticipant))];
  const s = b.summary ?? {};
  const subject = names.length ? names.join(', ') : 'the requested services';
  const counts = `${s.compatible ?? 0} compatible, ${s.incompatible ?? 0} incompatible, ${s.unknown ?? 0} unknown`;
  out.push(
    s.rollbackable === true
      ? `✔ SAFE to roll back ${subject} in ${env} (${counts} pairs)`
      : `✘ NOT SAFE to roll back ${subject} in ${env}: ${s.reason ?? 'see below'} (${counts} pairs)`,
  );
  if (targets.length) {
    out.push('', 'Rolling back:');
    out.push(
      indent(
        table(
          ['SERVICE', 'FROM', 'TO'],
          targets.map((t) => [
            `${t.pacticipant}${t.applicationInstance ? ` [${t.applicationInstance}]` : ''}`,
            v(t.from),
            t.to ?? '(nothing to roll back to)',
          ]),
        ),
        2,
      ),
    );
    // Say why a target has nothing to roll back to (no earlier version, a version never deployed there, ...).
    for (const r of unitProblems(b).filter((r) => names.includes(r.pacticipant ?? '')))
      out.push(`  ✘ ${reasonText(r)}`);
  }
  // The services that must follow the targets go to their own prior versions, whatever --steps said: apart from
  // the targets, so that a companion's problem is never read as the target's.
  const companions = companionMoves(b, names);
  const companionProblems = unitProblems(b).filter((r) => !names.includes(r.pacticipant ?? ''));
  if (companions.length || companionProblems.length) {
    out.push('', 'With them (the services they need, each to its own prior version):');
    if (companions.length)
      out.push(
        indent(
          table(
            ['SERVICE', 'FROM', 'TO'],
            companions.map((c) => [c.name, v(c.from), v(c.to)]),
          ),
          2,
        ),
      );
    for (const r of companionProblems) out.push(`  ✘ ${reasonText(r)}`);
  }
  const broken = (b.pairs ?? []).filter((p) => p.verdict !== 'compatible' && !p.ignored);
  if (broken.length) {
    out.push('', `Broken pairs (${broken.length}):`);
    for (const p of broken) {
      const mark = p.verdict === 'incompatible' ? '✘' : '?';
      const evidence =
        p.evidence && p.evidence !== 'none'
          ? ` (evidence: ${p.evidence})`
          : p.verdict === 'unknown'
            ? ' (no evidence yet)'
            : '';
      out.push(
        `  ${mark} ${p.consumer.name} ${v(p.consumer.version)} -> ${p.provider.name} ${v(p.provider.version)}: ${p.verdict}${evidence}`,
      );
      for (const r of p.reasons ?? []) {
        out.push(`      - ${reasonText(r)}`);
        const failed = r as { failures?: Failures; verificationResult?: string };
        if (failed.failures) out.push(...failureLines(failed.failures, failed.verificationResult, '          '));
        else if (failed.verificationResult) out.push(`          The whole result: ${failed.verificationResult}`);
      }
    }
  }
  const ignored = (b.pairs ?? []).filter((p) => p.ignored);
  if (ignored.length)
    out.push('', `Ignored pairs: ${ignored.map((p) => `${p.consumer.name} -> ${p.provider.name}`).join(', ')}`);
  if (s.rollbackable !== true) {
    out.push('');
    if (b.minimalSafeSet === null) {
      const noTarget = targets.some((t) => t.to === null);
      out.push(
        noTarget
          ? `Smallest safe set: none: ${subject} has nothing to roll back to (see above).`
          : `Smallest safe set: none. No set of services containing ${subject} can roll back safely.`,
      );
    } else if (b.minimalSafeSet?.length)
      out.push(`Smallest safe set: ${b.minimalSafeSet.join(', ')} (all of these must roll back, in the plan's order)`);
  }
  const plan = b.plan ?? [];
  if (plan.length) {
    out.push(
      '',
      `Plan${s.rollbackable === true ? '' : ' for the smallest safe set'}: redeploy each step's versions, then record them; services in one step go together.`,
    );
    for (const step of plan) {
      const moves = step.pacticipants.map((p) => `${p.name} ${v(p.from)} -> ${v(p.to)}`);
      out.push(`  ${step.step}. ${moves.join(' and ')}${moves.length > 1 ? ' (together)' : ''}`);
      for (const p of step.pacticipants) {
        // Reversible migrations the rollback crosses: revert them first, newest first, then redeploy.
        for (const m of p.migrations ?? [])
          out.push(`       ${m.down}    # revert ${p.name} migration ${m.migration} (from ${m.version}) first`);
        const instances = targets.filter((t) => t.pacticipant === p.name && t.applicationInstance);
        const runs = instances.length
          ? instances.map((t) => ({ to: t.to ?? p.to, instance: t.applicationInstance! }))
          : [{ to: p.to, instance: undefined as string | undefined }];
        for (const r of runs) {
          if (!r.to) continue;
          const args = [
            '--pacticipant',
            p.name,
            '--version',
            r.to,
            '--environment',
            env,
            ...(r.instance ? ['--application-instance', r.instance] : []),
          ];
          out.push(`       rollgate record-deployment ${args.map(shellQuote).join(' ')}${o.commandSuffix}`);
        }
      }
    }
  }
  if (b.warnings?.length) {
    out.push('', 'Warnings:');
    for (const w of b.warnings) out.push(`  ! ${reasonText(w)}`);
  }
  if (o.dryRun) out.push('', '[dry-run] Dry run enabled: exiting 0 whatever the answer.');
  return out.join('\n');
}

const UNIT_PROBLEMS = [
  'no-prior',
  'version-never-deployed',
  'not-deployed',
  'ambiguous-target',
  'irreversible-migration',
];

/** Why a service cannot move at all (no earlier version, a version never deployed there, ...), target or companion. */
function unitProblems(b: RollbackSetAnswer): { id?: string; message?: string; pacticipant?: string }[] {
  return (b.reasons ?? []).filter((r) => UNIT_PROBLEMS.includes(r.id ?? ''));
}

/** The plan's moves of services that are not targets: what the smallest safe set adds. */
function companionMoves(
  b: RollbackSetAnswer,
  targets: string[],
): { name: string; from?: string | null; to?: string | null }[] {
  return (b.plan ?? []).flatMap((step) => step.pacticipants.filter((p) => !targets.includes(p.name)));
}

export function renderRollbackAnalysis(b: RollbackAnalysis, o: RenderOptions): string {
  const out: string[] = [];
  const env = envName(b.environment, o.environment);
  const s = b.summary ?? {};
  const rows = b.pacticipants ?? [];
  // A young environment: nothing has a prior version yet, so no rollback exists and none can break anything.
  const nothingYet = rows.every((p) => p.verdict === 'no-prior');
  out.push(
    s.everySubsetSafe === true
      ? nothingYet
        ? `✔ Nothing to roll back to yet in ${env}${s.reason ? `: ${s.reason.replace(/^Nothing to roll back to yet: /, '')}` : ''}`
        : `✔ Every service in ${env} can roll back on its own${s.reason ? `: ${s.reason}` : ''}`
      : `✘ Not every rollback in ${env} is safe alone${s.reason ? `: ${s.reason}` : ''}`,
  );
  if (rows.length) {
    out.push('');
    out.push(
      table(
        ['SERVICE', 'CURRENT', 'PRIOR', 'VERDICT', 'MUST ROLL BACK WITH', 'CONFLICTS WITH'],
        rows.map((p) => [
          p.name,
          p.current,
          p.prior ?? '(none)',
          p.verdict === 'no-prior' ? 'nothing to roll back to yet' : p.verdict,
          (p.requires ?? []).filter((r) => r !== p.name).join(', '),
          (p.conflictsWith ?? []).join(', '),
        ]),
      ),
    );
    // A service without a prior version is not a problem to explain: the table says it has nothing to roll back to.
    const explained = rows.filter((p) => p.verdict !== 'independent' && p.verdict !== 'no-prior' && p.reasons?.length);
    if (explained.length) {
      out.push('', 'Why:');
      for (const p of explained) {
        out.push(`  ${p.name} (${p.verdict}):`);
        for (const r of p.reasons ?? []) out.push(`      - ${reasonText(r)}`);
      }
    }
    out.push(
      '',
      `For a plan: rollgate can-i-rollback --environment ${shellQuote(env)} --pacticipant NAME${o.commandSuffix}`,
    );
  } else {
    out.push('', `No service in ${env} has a prior version to roll back to.`);
  }
  const api = b.apiWarnings ?? [];
  if (api.length) {
    // Not failures: clients without a pact that rollgate cannot see may use what a provider's rollback removes.
    out.push('', `API a rollback removes (${api.length}):`);
    for (const w of api) out.push(`  ! ${w.message ?? reasonText(w)}`);
  }
  if (o.dryRun) out.push('', '[dry-run] Dry run enabled: exiting 0 whatever the answer.');
  return out.join('\n');
}

const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => `${' '.repeat(n)}${l}`)
    .join('\n');
