import { z } from 'zod';
import { singleLine } from './fields.ts';

const selfVerification = z.object({
  success: z.boolean({ error: 'success must be true or false' }),
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
      content: z.string({ error: 'content must be a base64 string' }),
      contentType: z.string({ error: 'contentType is required (application/yaml or application/json)' }),
      specification: z.literal('oas', { error: 'specification must be "oas"' }),
      selfVerificationResults: selfVerification.optional(),
    },
    { error: 'contract is required' },
  ),
});

/** PactFlow's older `PUT /contracts/provider/{p}/version/{v}` body. */
export const putProviderContractSchema = z.object({
  content: z.string({ error: 'content must be a base64 string' }),
  contentType: z.string({ error: 'contentType is required' }),
  contractType: z.literal('oas', { error: 'contractType must be "oas"' }),
  verificationResults: selfVerification.optional(),
});
