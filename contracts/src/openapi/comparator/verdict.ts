/** Builds verdicts; the one place that decides what makes a comparison fail. */
import { reasonMessage, type ReasonId } from '../messages.ts';
import type { EngineInfo, Finding, Verdict } from './types.ts';

/** Any finding of type "error" fails the pact; warnings and info never do. */
export function verdictOf(findings: Finding[], engine: EngineInfo): Verdict {
  return { result: findings.some((f) => f.type === 'error') ? 'incompatible' : 'compatible', findings, engine };
}

/** A comparison that could not be made is 'unknown', never 'compatible'. */
export function unknownVerdict(
  engine: EngineInfo,
  reasonCode: ReasonId,
  args: Record<string, string | number> = {},
): Verdict {
  return { result: 'unknown', findings: [], engine, reason: reasonMessage(reasonCode, args), reasonCode };
}

export const errorDetail = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);
