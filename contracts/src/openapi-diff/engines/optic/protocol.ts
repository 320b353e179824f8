/** Messages between the Optic warm worker and the thread that uses it. */
import type { Finding } from '../../types.ts';

export type OpticRequest = { type: 'diff'; id: number; base: string; revision: string };

export type OpticReply =
  | { type: 'ready'; version: string; loadMs: number }
  | { type: 'result'; id: number; findings: Finding[]; unmapped: number; networkAttempts: number }
  | { type: 'failed'; id: number; message: string; networkAttempts: number };
