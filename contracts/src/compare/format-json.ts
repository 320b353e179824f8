/** The machine report of `rollgate compare --output json`: stable field names, one JSON document. */
import { exitCodeFor } from './exit-codes.ts';
import type { ComparisonReport } from './report.ts';

export function formatJson(r: ComparisonReport): string {
  const { verdict } = r;
  const body = {
    result: verdict.result,
    exitCode: exitCodeFor(verdict),
    ...(verdict.reason ? { reason: verdict.reason, reasonCode: verdict.reasonCode } : {}),
    engine: verdict.engine,
    pact: r.pact,
    document: r.document,
    findings: r.findings,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
