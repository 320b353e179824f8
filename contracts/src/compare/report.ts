/** What the formatters render: a verdict, the two inputs it is about, and where findings are in each file. */
import type { LoadedOpenApi } from '../openapi/load.ts';
import type { Finding, Verdict } from '../openapi/comparator/types.ts';
import type { Pact } from '../pact/model.ts';
import type { Position, SourceMap } from './source-map.ts';

export interface LocatedFinding extends Finding {
  pactPosition?: Position;
  documentPosition?: Position;
}

export interface ComparisonReport {
  verdict: Verdict;
  findings: LocatedFinding[];
  pact: { file: string; consumer: string; provider: string; interactions: number; specVersion: string };
  document: { file: string; title: string; version: string; contentHash: string };
}

export function buildReport(
  verdict: Verdict,
  pact: { file: string; model: Pact; source: SourceMap },
  document: { file: string; loaded: LoadedOpenApi; source: SourceMap },
): ComparisonReport {
  const locate = (f: Finding): LocatedFinding => {
    const out: LocatedFinding = { ...f };
    const pp = pact.source.positionOf(f.pactLocation);
    const dp = document.source.positionOf(f.documentLocation);
    if (pp) out.pactPosition = pp;
    if (dp) out.documentPosition = dp;
    return out;
  };
  return {
    verdict,
    findings: verdict.findings.map(locate),
    pact: {
      file: pact.file,
      consumer: pact.model.consumer,
      provider: pact.model.provider,
      interactions: pact.model.interactions.length,
      specVersion: pact.model.specVersion,
    },
    document: {
      file: document.file,
      title: document.loaded.title,
      version: document.loaded.declaredVersion,
      contentHash: document.loaded.contentHash,
    },
  };
}
