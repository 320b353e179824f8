/**
 * Why the analysis said what it said, as typed data. English lives in catalogue.ts only, so that the CLI, the
 * HTTP answer and a future translation render the same facts.
 */
import type { Verdict, VersionRef } from './refs.ts';

/** A pair that would break, named by versions: the evidence for a clause. */
export interface BrokenPair {
  consumer: VersionRef;
  provider: VersionRef;
  verdict: Exclude<Verdict, 'compatible'>;
}

export type RollbackReason =
  /** An instance has nothing to roll back to: no version before the current one, or fewer than `steps`. */
  | { id: 'no-prior'; pacticipant: string; applicationInstance: string | null; current: string; steps: number }
  /** The explicit target version was never deployed in the environment. */
  | { id: 'version-never-deployed'; pacticipant: string; version: string; environment: string }
  /** The pacticipant is not deployed in the environment (only released there, or not there at all). */
  | { id: 'not-deployed'; pacticipant: string; environment: string }
  /** The same pacticipant was asked for with two different explicit versions. */
  | { id: 'ambiguous-target'; pacticipant: string; versions: string[] }
  /** Rolling back `pacticipant` while `needs` stays breaks `because`. */
  | { id: 'needs'; pacticipant: string; needs: string; because: BrokenPair[] }
  /** Rolling back both breaks `because`. */
  | { id: 'conflict'; pacticipant: string; conflictsWith: string; because: BrokenPair[] }
  /** Rolling back `pacticipant` breaks a pair with `other` whether `other` rolls back or not (or `other` is itself). */
  | { id: 'cannot'; pacticipant: string; other: string; because: BrokenPair[] }
  /** Rolling `pacticipant` back crosses `migration`, which `version` introduced and which cannot be reverted. */
  | {
      id: 'irreversible-migration';
      pacticipant: string;
      applicationInstance: string | null;
      version: string;
      migration: string;
    }
  /** The any-subset analysis lists a pacticipant's first reasons only; `more` were left out (ask for its set to see them). */
  | { id: 'more-reasons'; pacticipant: string; more: number }
  /** Summary of a set answer. */
  | { id: 'set-safe'; pacticipants: string[]; compatible: number }
  | {
      id: 'set-unsafe';
      pacticipants: string[];
      incompatible: number;
      unknown: number;
      withoutTarget: string[];
      /** Members whose rollback crosses an irreversible migration. */
      irreversible: string[];
      /** Members outside the set that must roll back too (when a safe set exists). */
      missing: string[];
      minimalSafeSet: string[] | null;
    }
  /** Summary of the any-subset analysis. */
  | { id: 'every-subset-safe'; pacticipants: number; withoutPrior: string[] }
  /** Nothing has a version to roll back to yet (a fresh environment): no rollback exists, so none is unsafe. */
  | { id: 'no-candidates'; withoutPrior: string[] }
  | {
      id: 'not-every-subset-safe';
      needsCompanions: string[];
      blocked: string[];
      conflicting: Array<[string, string]>;
      withoutPrior: string[];
    };
