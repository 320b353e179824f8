/**
 * Reads the bidi corpus (fixtures/bidi-corpus, copied from the research folder with its LICENSES)
 * and scores comparison codes against each case's expected codes, as multisets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../contracts/src/openapi/comparator/types.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../../fixtures/bidi-corpus/', import.meta.url));
export const SETS = ['opc', 'opc-split', 'smv'] as const;
export type SetName = (typeof SETS)[number];

export interface CorpusCase {
  name: string;
  kind: 'openapi' | 'asyncapi';
  pact: Record<string, unknown>;
  oas: Record<string, unknown> | null;
  asyncapi?: Record<string, unknown>;
  expected: { errors: string[]; warnings: string[]; info?: string[]; throws?: string };
}

export function readSet(set: SetName): CorpusCase[] {
  const dir = `${CORPUS_DIR}${set}/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as CorpusCase);
}

const sortedCodes = (codes: string[]) => [...codes].sort().join(',');

export interface Codes {
  errors: string[];
  warnings: string[];
  info: string[];
}

export function codesOf(findings: Finding[]): Codes {
  const of = (t: Finding['type']) => findings.filter((f) => f.type === t).map((f) => f.code);
  return { errors: of('error'), warnings: of('warning'), info: of('info') };
}

/** Exact: the same errors, warnings and info codes, each as a multiset (order ignored). */
export function exact(c: CorpusCase, got: Codes): boolean {
  if (c.expected.throws) return false;
  return (
    sortedCodes(got.errors) === sortedCodes(c.expected.errors) &&
    sortedCodes(got.warnings) === sortedCodes(c.expected.warnings) &&
    sortedCodes(got.info) === sortedCodes(c.expected.info ?? [])
  );
}

/** The same pass/fail verdict: expected errors present exactly when the comparison found some. */
export const sameVerdict = (c: CorpusCase, got: Codes): boolean =>
  !c.expected.throws && c.expected.errors.length > 0 === got.errors.length > 0;
