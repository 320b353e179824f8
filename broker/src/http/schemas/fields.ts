import { z } from 'zod';

/** Non-blank, single-line text: names, version numbers, branches, tags. */
export const singleLine = (what: string) =>
  z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be blank`).refine((s) => !/[\r\n]/.test(s), `${what} must be a single line`);

export const name = (what: string) => singleLine(what).refine((s) => s.length <= 255, `${what} must be at most 255 characters`);
