/** can-i-rollback: the pure analysis. The broker gathers a RollbackWorld and calls these. */
export { canIRollbackSet, answerSet, apiWarningsOfSet } from './answer-set.ts';
export { canIRollbackAny, answerAny, apiWarningsOfAny, reasonNames } from './answer-any.ts';
export { versionsInPlay, requiredPairs, rollbackMoves, versionsCrossedBy } from './needed.ts';
export { buildModel } from './model.ts';
export { capApiWarning } from './api-removed.ts';
export { planFor } from './graph.ts';
export { renderApiRemoved, renderReason, renderWarning } from './catalogue.ts';
export type * from './types.ts';
export type { RollbackReason } from './reasons.ts';
