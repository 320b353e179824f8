/** The offline comparison's public face, for the CLI's `rollgate compare`. */
export { compareFiles, type CompareFilesOptions, type CompareFilesResult } from './compare-files.ts';
export { EXIT, exitCodeFor, exitCodeForError } from './exit-codes.ts';
export { FORMATTERS, type OutputFormat } from './formatters.ts';
export type { ComparisonReport, LocatedFinding } from './report.ts';
