/** The matrix and can-i-deploy, the pure analysis. The broker gathers a MatrixWorld and calls `buildMatrix`. */
import { decide } from './decide.ts';
import { applyLatestBy, filterSuccess } from './latestby.ts';
import { buildRows } from './rows.ts';
import type { MatrixResult, MatrixWorld, PairEvidence } from './types.ts';

export function buildMatrix(world: MatrixWorld, options: { pairEvidence?: PairEvidence } = {}): MatrixResult {
  const rows = applyLatestBy(buildRows(world, options.pairEvidence), world.query.latestby, world.query.destination);
  const summary = decide(world, rows);
  const filtered = filterSuccess(rows, world.query.success);
  const limited = world.query.limit ? filtered.slice(0, world.query.limit) : filtered;
  const page = world.query.page;
  const listed = page ? limited.slice(page.offset, page.offset + page.size) : limited;
  return { rows, listed, listable: limited.length, summary };
}

export { MAX_SELECTORS, parseMatrixQuery, parseCanIDeployQuery } from './selectors.ts';
export { counterparts } from './rows.ts';
export { renderSummaryReason, renderRowReason } from './catalogue.ts';
export type * from './types.ts';
