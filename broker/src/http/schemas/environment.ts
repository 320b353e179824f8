import { z } from 'zod';
import { singleLine } from './fields.ts';

export const environmentSchema = z.object({
  uuid: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'uuid must be letters, digits and dashes')
    .optional(),
  name: singleLine('name').refine((s) => !/\s/.test(s), 'name must not contain spaces'),
  displayName: z.string().nullable().optional(),
  production: z.boolean({ error: 'production must be true or false' }),
  contacts: z
    .array(
      z.object({
        name: z.string({ error: 'contact name must be a string' }),
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
  currentlyDeployed: z.boolean({ error: 'currentlyDeployed must be false' }).optional(),
  currentlySupported: z.boolean({ error: 'currentlySupported must be false' }).optional(),
});
