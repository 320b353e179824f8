import { z } from 'zod';
import { singleLine } from './fields.ts';

export const verificationSchema = z.object({
  success: z.boolean({ error: 'success must be true or false' }),
  providerApplicationVersion: singleLine('providerApplicationVersion'),
  buildUrl: z
    .string()
    .url('buildUrl must be a URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  testResults: z.unknown().optional(),
  verifiedBy: z.unknown().optional(),
});
