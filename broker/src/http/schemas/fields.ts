import { z } from 'zod';
import { MAX_LABEL_LENGTH } from '../../domain/versions/ensure.ts';

/** Non-blank, single-line text: names, version numbers, branches, tags. */
export const singleLine = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be blank`)
    .max(MAX_LABEL_LENGTH, `${what} must be at most ${MAX_LABEL_LENGTH} characters`)
    .refine((s) => !/[\r\n]/.test(s), `${what} must be a single line`);

/** A URL a client gives for information (a CI build): single line, generous length. */
export const infoUrl = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .max(2048, `${what} must be at most 2048 characters`)
    .refine((s) => !/[\r\n]/.test(s), `${what} must be a single line`);
