import { z } from 'zod';
import { MAX_LABEL_LENGTH } from '../../domain/versions/ensure.ts';
import { message } from '../../messages.ts';

/** Non-blank, single-line text: names, version numbers, branches, tags. */
export const singleLine = (what: string) =>
  z
    .string({ error: message('input.field-not-string', { what }) })
    .trim()
    .min(1, message('input.field-blank', { what }))
    .max(MAX_LABEL_LENGTH, message('input.field-too-long', { what, max: MAX_LABEL_LENGTH }))
    .refine((s) => !/[\r\n]/.test(s), message('input.field-multi-line', { what }));

/** A URL a client gives for information (a CI build): single line, generous length. */
export const infoUrl = (what: string) =>
  z
    .string({ error: message('input.field-not-string', { what }) })
    .max(2048, message('input.field-too-long', { what, max: 2048 }))
    .refine((s) => !/[\r\n]/.test(s), message('input.field-multi-line', { what }));
