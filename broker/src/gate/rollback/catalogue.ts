/**
 * The one place where can-i-rollback reasons become English. Written for a person at 3 a.m.: name the
 * pacticipants and versions, say what to do.
 */
import type { BrokenPair, RollbackReason } from './reasons.ts';
import { message } from '../../messages.ts';
import type { ApiRemovedWarning, RollbackWarning } from './types.ts';

const list = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

const pair = (p: BrokenPair): string =>
  `${p.consumer.name} ${p.consumer.version} -> ${p.provider.name} ${p.provider.version} (${p.verdict})`;

const pairs = (ps: readonly BrokenPair[]): string => ps.map(pair).join('; ');

export function renderReason(r: RollbackReason): string {
  switch (r.id) {
    case 'no-prior':
      return r.steps === 1
        ? `${r.pacticipant}${instance(r.applicationInstance)} has no version deployed before ${r.current}`
        : `${r.pacticipant}${instance(r.applicationInstance)} has fewer than ${r.steps} versions deployed before ${r.current}`;
    case 'version-never-deployed':
      return `${r.pacticipant} ${r.version} was never deployed to ${r.environment}`;
    case 'not-deployed':
      return `${r.pacticipant} is not deployed to ${r.environment}`;
    case 'ambiguous-target':
      return `${r.pacticipant} was asked to roll back to more than one version (${list(r.versions)})`;
    case 'irreversible-migration':
      return `${r.pacticipant}${instance(r.applicationInstance)} cannot roll back past ${r.version}: its migration ${r.migration} is irreversible`;
    case 'needs':
      return `rolling back ${r.pacticipant} needs ${r.needs} rolled back too: ${pairs(r.because)}`;
    case 'conflict':
      return `${r.pacticipant} and ${r.conflictsWith} cannot both roll back: ${pairs(r.because)}`;
    case 'cannot':
      return r.other === r.pacticipant
        ? `${r.pacticipant} cannot roll back: its versions would be incompatible with each other: ${pairs(r.because)}`
        : `${r.pacticipant} cannot roll back, whether ${r.other} rolls back or not: ${pairs(r.because)}`;
    case 'more-reasons':
      return `and ${r.more} more reason${r.more === 1 ? '' : 's'}: ask can-i-rollback about ${r.pacticipant} alone to see them all`;
    case 'set-safe':
      return r.pacticipants.length === 0
        ? 'Nothing to roll back'
        : `Rolling back ${list(r.pacticipants)} is safe: all ${r.compatible} pairs it creates are compatible`;
    case 'set-unsafe': {
      const why: string[] = [];
      if (r.withoutTarget.length > 0) why.push(`${list(r.withoutTarget)} cannot roll back to the requested version`);
      if (r.irreversible.length > 0) why.push(`${list(r.irreversible)} would cross an irreversible migration`);
      if (r.incompatible > 0) why.push(`${r.incompatible} incompatible pair${r.incompatible === 1 ? '' : 's'}`);
      if (r.unknown > 0) why.push(`${r.unknown} unknown pair${r.unknown === 1 ? '' : 's'}`);
      const then =
        r.minimalSafeSet === null
          ? 'no safe rollback contains it'
          : `the smallest safe rollback also needs ${list(r.missing)}: ${list(r.minimalSafeSet)}`;
      return `Rolling back ${list(r.pacticipants)} is not safe (${why.join(', ')}); ${then}`;
    }
    case 'every-subset-safe':
      return `Any of the ${r.pacticipants} pacticipants with a prior version can roll back on its own, in any combination${yet(r.withoutPrior)}`;
    case 'no-candidates':
      return r.withoutPrior.length === 0
        ? 'Nothing to roll back to yet: nothing is deployed'
        : `Nothing to roll back to yet: ${r.withoutPrior.length === 1 ? `${r.withoutPrior[0]} has` : `${list(r.withoutPrior)} have`} no version deployed before the current one`;
    case 'not-every-subset-safe': {
      const why: string[] = [];
      if (r.needsCompanions.length > 0) why.push(`${list(r.needsCompanions)} must roll back with others`);
      if (r.blocked.length > 0) why.push(`${list(r.blocked)} cannot roll back safely`);
      if (r.conflicting.length > 0)
        why.push(`${r.conflicting.map(([a, b]) => `${a} and ${b}`).join(', ')} cannot both roll back`);
      // Callers print their own headline ("Not every rollback is safe"): the reason says why.
      return `${why.join('; ')}${yet(r.withoutPrior)}`;
    }
  }
}

/** The services without a prior version, said as what they are in a young environment: not a problem. */
function yet(names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.length <= 5 ? list(names) : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
  return `; nothing to roll back to yet for ${shown}`;
}

function instance(name: string | null): string {
  return name === null ? '' : ` (instance ${name})`;
}

export function renderWarning(w: RollbackWarning): string {
  return `${w.consumer.name} ${w.consumer.version} -> ${w.provider.name} ${w.provider.version} is ${w.verdict} already (evidence: ${w.evidence}): not caused by this rollback, and not fixed by it`;
}

/** The API a provider's rollback removes, each part with the consumers whose pacts use it (wording: messages.ts). */
export function renderApiRemoved(w: ApiRemovedWarning): string {
  const changes = w.changes.map((c) =>
    message('rollback.api-change', {
      operation: c.method && c.path ? `${c.method} ${c.path}` : undefined,
      field: c.field,
      rule: c.rule,
      level: c.level,
      users: c.usedBy.length ? list(c.usedBy.map((u) => `${u.consumer} ${u.version}`)) : undefined,
    }),
  );
  return message('rollback.api-removed-on-rollback', {
    provider: w.provider,
    from: w.from,
    to: w.to,
    status: w.status,
    changes: changes.join('; '),
    more: w.moreChanges,
  });
}
