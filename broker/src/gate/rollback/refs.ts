/**
 * The smallest values of the rollback analysis, shared by its inputs and answers (types.ts, which re-exports them)
 * and by its reasons (reasons.ts), so that neither of those two imports the other.
 */
export type Verdict = 'compatible' | 'incompatible' | 'unknown';

export interface VersionRef {
  name: string;
  version: string;
}
