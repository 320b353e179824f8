/** contracts/openapi-diff: breaking changes between two versions of an OpenAPI document (oasdiff's rule ids). */
export { ALL_ENGINES, closeSharedOpticWorker, diffOpenApi } from './diff-openapi.ts';
export { formatJson, formatText, verdictOf } from './format.ts';
export { findingMessage } from './messages.ts';
export type { DiffResult, EngineName } from './types.ts';
