/**
 * Exit codes of `rollgate compare` (the CLI decides to exit; this decides the number).
 * 0 and 1 answer the question; 2 and above mean there is no answer, so a pipeline can tell
 * "incompatible" from "could not check".
 */
import { ContractError } from '../errors.ts';
import type { Verdict } from '../openapi/comparator/types.ts';

export const EXIT = {
  compatible: 0,
  incompatible: 1,
  /** The pact or the document was refused (unreadable, malformed, external refs, ...). */
  unusableInput: 2,
  /** Both inputs were usable but the engine gave no answer (it failed or timed out). */
  unknown: 3,
  /** A bug in rollgate. */
  internalError: 4,
} as const;

export function exitCodeFor(verdict: Verdict): number {
  return verdict.result === 'compatible'
    ? EXIT.compatible
    : verdict.result === 'incompatible'
      ? EXIT.incompatible
      : EXIT.unknown;
}

export function exitCodeForError(err: unknown): number {
  return err instanceof ContractError ? EXIT.unusableInput : EXIT.internalError;
}
