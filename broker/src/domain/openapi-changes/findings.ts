import { findingMessage } from '../../../../contracts/src/openapi-diff/messages.ts';
import type { DiffResult } from '../../../../contracts/src/openapi-diff/types.ts';

/** A finding that removes or may break something (ERR or WARN), as the gates read it. */
export interface BreakingFinding {
  id: string;
  level: 'ERR' | 'WARN';
  method?: string;
  path?: string;
  args: Record<string, string>;
  message: string;
}

/** The ERR and WARN findings of a stored diff (its JSON text), with their sentences. */
export function breakingFindings(resultJson: string): BreakingFinding[] {
  const r = JSON.parse(resultJson) as DiffResult;
  return r.findings.flatMap((f) =>
    f.level === 'INFO'
      ? []
      : [
          {
            id: f.id,
            level: f.level,
            ...(f.location.operation
              ? { method: f.location.operation.method.toUpperCase(), path: f.location.operation.path }
              : {}),
            args: f.args,
            message: findingMessage(f),
          },
        ],
  );
}
