import type { Request, Response } from 'express';
import { matrixListing, type EvidenceSource } from '../../domain/matrix/gather.ts';
import type { MatrixListing } from '../../domain/matrix/listing.ts';
import { boundedMatrixRead, isBoundedMatrixQuery, matrixRead } from '../../domain/reads.ts';
import { ValidationError } from '../../errors.ts';
import { parseMatrixQuery } from '../../gate/matrix/index.ts';
import type { MatrixQuery } from '../../gate/matrix/types.ts';
import { presentMatrix } from '../presenters/matrix.ts';
import { queueChanges } from '../../precompute/openapi-changes.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { paging } from '../../links/paging.ts';
import { sendHal } from '../../links/hal.ts';
import { rackQuery } from '../rack-query.ts';
import { message } from '../../messages.ts';

/** The matrix's answer: in a reader thread (SQLite with reader threads) unless a test gives its own evidence. */
export async function answer(deps: Deps, query: MatrixQuery, evidence?: EvidenceSource): Promise<MatrixListing> {
  const listing = evidence
    ? await deps.store.read(() => matrixListing(query, evidence))
    : await deps.store.readNamed(isBoundedMatrixQuery(query) ? boundedMatrixRead : matrixRead, query);
  // `failOnOpenApiBreaking` on a pair nobody planned a diff for: queue it, so asking again converges (issue 20).
  if (listing.missingDiffs?.length) await queueChanges(deps.store, listing.missingDiffs);
  return listing;
}

/** `GET /matrix?q[][pacticipant]=...`: the raw query string is parsed the Rack way. */
export const getMatrix = (deps: Deps, evidence?: EvidenceSource) => async (req: Request, res: Response) => {
  const { query, problems } = parseMatrixQuery(rackQuery(req));
  if (problems.length) throw new ValidationError(problems);
  // The history (no latestby) grows with every verification: it is always paged; other answers when asked.
  const q = req.query as Record<string, unknown>;
  if (query.latestby === undefined || ['pageNumber', 'pageSize', 'page', 'size'].some((k) => q[k] !== undefined)) {
    const p = paging(req);
    query.page = { offset: p.offset, size: p.size };
  }
  const a = await answer(deps, query, evidence);
  sendHal(res, 200, presentMatrix(linker(req), a, req.originalUrl));
};

/**
 * `GET /matrix/provider/{p}/consumer/{c}`: every row between two pacticipants (latestby cvpv), paged as the history is
 * (`pageNumber`, `pageSize`, default 100; `page` and `next`/`previous` links), with `limit` as on `/matrix`. The
 * summary is computed from every row, whatever the page.
 */
export const getMatrixForPair = (deps: Deps, evidence?: EvidenceSource) => async (req: Request, res: Response) => {
  const { provider, consumer } = req.params as Record<string, string>;
  const raw = (req.query as Record<string, unknown>).limit;
  let limit: number | undefined;
  if (raw !== undefined) {
    limit = typeof raw === 'string' && /^\s*[1-9][0-9]{0,8}\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(limit)) throw ValidationError.of('limit', message('matrix.bad-limit'));
  }
  const p = paging(req);
  const query: MatrixQuery = {
    selectors: [{ pacticipant: consumer }, { pacticipant: provider }],
    ignore: [],
    destination: { kind: 'none' },
    latestby: 'cvpv',
    ...(limit ? { limit } : {}),
    page: { offset: p.offset, size: p.size },
  };
  const a = await answer(deps, query, evidence);
  sendHal(res, 200, presentMatrix(linker(req), a, req.originalUrl));
};
