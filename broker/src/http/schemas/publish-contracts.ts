import { z } from 'zod';
import { infoUrl, singleLine } from './fields.ts';
import { message } from '../../messages.ts';

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
        specification: z.literal('pact', {
          error: message('input.field-literal', { what: 'specification', value: 'pact' }),
        }),
        contentType: z.literal('application/json', {
          error: message('input.field-literal', { what: 'contentType', value: 'application/json' }),
        }),
        content: z.string({ error: message('input.field-base64', { what: 'content' }) }),
        onConflict: z.enum(['overwrite', 'merge']).optional(),
      }),
      { error: message('input.field-array', { what: 'contracts' }) },
    )
    .min(1, message('input.field-non-empty', { what: 'contracts', item: 'contract' })),
});
