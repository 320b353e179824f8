import { z } from 'zod';
import { singleLine } from './fields.ts';
import { message } from '../../messages.ts';

export const verificationSchema = z.object({
  success: z.boolean({ error: message('input.field-boolean', { what: 'success' }) }),
  providerApplicationVersion: singleLine('providerApplicationVersion'),
  buildUrl: z
    .string()
    .url(message('input.field-url', { what: 'buildUrl' }))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  testResults: z.unknown().optional(),
  verifiedBy: z.unknown().optional(),
});
