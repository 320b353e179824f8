/** contracts/openapi-diff: breaking changes between two versions of an OpenAPI document (oasdiff's rule ids). */
export { closeSharedOpticWorker, diffOpenApi, type DiffOptions } from './diff-openapi.ts';
export { findingMessage } from './messages.ts';
export { atOrAbove } from './rule-levels.ts';
export type { DiffResult, EngineName, Finding, Level } from './types.ts';
