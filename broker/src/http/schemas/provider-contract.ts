import { z } from 'zod';
import { singleLine } from './fields.ts';
import { message } from '../../messages.ts';

const selfVerification = z.object({
  success: z.boolean({ error: message('input.field-boolean', { what: 'success' }) }),
  content: z.string().optional(),
  contentType: z.string().optional(),
  format: z.string().optional(),
  verifier: z.string().optional(),
  verifierVersion: z.string().optional(),
});

/** PactFlow's `POST /provider-contracts/provider/{p}/publish` body. */
export const publishProviderContractSchema = z.object({
  pacticipantVersionNumber: singleLine('pacticipantVersionNumber'),
  branch: singleLine('branch').optional(),
  tags: z.array(singleLine('tag')).optional(),
  buildUrl: z.string().optional(),
  contract: z.object(
    {
      content: z.string({ error: message('input.field-base64', { what: 'content' }) }),
      contentType: z.string({
        error: message('input.field-required', { what: 'contentType', hint: 'application/yaml or application/json' }),
      }),
      specification: z.literal('oas', {
        error: message('input.field-literal', { what: 'specification', value: 'oas' }),
      }),
      selfVerificationResults: selfVerification.optional(),
    },
    { error: message('input.field-required', { what: 'contract' }) },
  ),
});

/** PactFlow's older `PUT /contracts/provider/{p}/version/{v}` body. */
export const putProviderContractSchema = z.object({
  content: z.string({ error: message('input.field-base64', { what: 'content' }) }),
  contentType: z.string({ error: message('input.field-required', { what: 'contentType' }) }),
  contractType: z.literal('oas', { error: message('input.field-literal', { what: 'contractType', value: 'oas' }) }),
  verificationResults: selfVerification.optional(),
});
