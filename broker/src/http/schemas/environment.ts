import { z } from 'zod';
import { singleLine } from './fields.ts';
import { message } from '../../messages.ts';

export const environmentSchema = z.object({
  uuid: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, message('input.field-uuid', { what: 'uuid' }))
    .optional(),
  name: singleLine('name').refine((s) => !/\s/.test(s), message('input.field-no-spaces', { what: 'name' })),
  displayName: z.string().nullable().optional(),
  production: z.boolean({ error: message('input.field-boolean', { what: 'production' }) }),
  contacts: z
    .array(
      z.object({
        name: z.string({ error: message('input.contact-name') }),
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});

export const deploymentSchema = z.object({
  applicationInstance: z.string().nullable().optional(),
  target: z.string().nullable().optional(),
});

export const undeploySchema = z.object({
  currentlyDeployed: z.boolean({ error: message('input.must-be-false', { what: 'currentlyDeployed' }) }).optional(),
  currentlySupported: z.boolean({ error: message('input.must-be-false', { what: 'currentlySupported' }) }).optional(),
});
