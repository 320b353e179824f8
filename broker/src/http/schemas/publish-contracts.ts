import { z } from 'zod';
import { infoUrl, singleLine } from './fields.ts';

export const publishContractsSchema = z.object({
  pacticipantName: singleLine('pacticipantName'),
  pacticipantVersionNumber: singleLine('pacticipantVersionNumber'),
  branch: singleLine('branch').optional(),
  tags: z.array(singleLine('tag')).optional(),
  buildUrl: infoUrl('buildUrl').optional(),
  contracts: z
    .array(
      z.object({
        consumerName: singleLine('consumerName'),
        providerName: singleLine('providerName'),
        specification: z.literal('pact', { error: 'specification must be "pact"' }),
        contentType: z.literal('application/json', { error: 'contentType must be "application/json"' }),
        content: z.string({ error: 'content must be a base64 string' }),
        onConflict: z.enum(['overwrite', 'merge']).optional(),
      }),
      { error: 'contracts must be an array' },
    )
    .min(1, 'contracts must hold at least one contract'),
});
