import type { Request, Response } from 'express';
import { comparisonAnswer } from '../../domain/evidence/comparison-answer.ts';
import type { Deps } from '../../deps.ts';
import { HAL_JSON } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { message } from '../../messages.ts';

type P = Record<string, string>;

/** Placeholder for the findings, spliced in as the stored JSON text (no parse and re-serialise per request). */
const FINDINGS = '\u0000findings\u0000';

/**
 * `GET /pacts/provider/{p}/consumer/{c}/pact-version/{sha}/comparison/provider-version/{v}`: the static
 * verdict of a pact against a provider version's OpenAPI document, with its findings and the engine
 * that gave it; `status: "pending"` while its job is queued or running, `"not-queued"` (with the reason) when
 * nothing will compute it.
 */
export const getComparison = (deps: Deps) => async (req: Request, res: Response) => {
  const { provider, consumer, sha, providerVersion } = req.params as P;
  const c = await deps.store.read(() => comparisonAnswer(provider, consumer, sha, providerVersion));
  const l = linker(req);
  const done = c.result !== null;
  const progress = c.progress;
  const text = JSON.stringify({
    status: progress.status,
    result: c.result ?? 'unknown',
    findings: done ? FINDINGS : [],
    reason: done
      ? (c.reason ?? undefined)
      : progress.status === 'not-queued'
        ? progress.reason
        : message('comparison.pending'),
    engine: done ? { name: c.engine_name, version: c.engine_version } : undefined,
    durationMs: c.duration_ms ?? undefined,
    computedAt: c.created_at ?? undefined,
    pactSha: c.pact_sha,
    documentSha: c.document_sha,
    selfVerificationResults: c.self_verification ? JSON.parse(c.self_verification) : undefined,
    _links: {
      self: l.link(req.originalUrl.split('?')[0]),
      'pb:pact-version': l.link(routes.pactVersion(provider, consumer, sha)),
      'pb:provider-contract': l.link(routes.providerContract(provider, providerVersion)),
    },
  });
  // The placeholder is the first string after two fixed values, so the first match is ours.
  res
    .status(200)
    .type(HAL_JSON)
    .send(done ? text.replace(JSON.stringify(FINDINGS), () => c.findings ?? '[]') : text);
};
