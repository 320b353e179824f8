import { findingMessage } from '../../../../contracts/src/openapi-diff/messages.ts';
import type { Finding } from '../../../../contracts/src/openapi-diff/types.ts';
import type { ChangesAnswer, ChangesQuestion } from '../../domain/openapi-changes/answer.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';

/** One finding as the API shows it: oasdiff's rule id and level, where, and the sentence. */
export const presentFinding = (f: Finding) => ({
  id: f.id,
  level: f.level,
  location: {
    ...(f.location.operation
      ? { method: f.location.operation.method.toUpperCase(), path: f.location.operation.path }
      : {}),
    pointer: f.location.pointer,
    side: f.location.side,
  },
  message: findingMessage(f),
  engines: f.engines,
});

/**
 * What changed from `against`'s document to `version`'s. `breaking` is null unless computed: a pending or failed
 * answer says so and carries no findings, never an empty list that would read as "no change".
 */
export function presentOpenApiChanges(l: Linker, q: ChangesQuestion, a: ChangesAnswer, self: string) {
  const links = {
    self: l.link(self),
    'pb:provider-contract': l.link(routes.providerContract(q.provider, q.version), { name: q.version }),
    'pb:against-provider-contract': l.link(routes.providerContract(q.provider, q.against), { name: q.against }),
  };
  const head = { provider: q.provider, version: q.version, against: q.against, status: a.status };
  if (a.status === 'pending') return { ...head, breaking: null, _links: links };
  if (a.status === 'failed') return { ...head, breaking: null, failure: a.failure, _links: links };
  const r = a.result;
  const count = (level: Finding['level']) => r.findings.filter((f) => f.level === level).length;
  return {
    ...head,
    breaking: count('ERR') > 0,
    partial: r.partial,
    summary: { ERR: count('ERR'), WARN: count('WARN'), INFO: count('INFO') },
    findings: r.findings.map(presentFinding),
    unconfirmed: r.unconfirmed.map(presentFinding),
    unseen: r.unseen,
    versions: r.versions,
    engines: r.engines,
    failures: r.failures,
    computedAt: a.computedAt,
    _links: links,
  };
}
