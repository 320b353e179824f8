import { z } from 'zod';
import { message } from '../../messages.ts';

/** `PUT /pacticipants/{p}/versions/{v}/migrations/{id}`: `{"reversible": false}` or `{"reversible": true, "down": "..."}`. */
export const migrationSchema = z
  .object({
    reversible: z.boolean({ error: message('input.field-boolean', { what: 'reversible' }) }),
    down: z
      .string({ error: message('input.field-not-string', { what: 'down' }) })
      .trim()
      .max(4096, message('input.field-too-long', { what: 'down', max: 4096 }))
      .nullable()
      .optional(),
  })
  .superRefine((m, ctx) => {
    const down = m.down ?? '';
    if (m.reversible && down === '')
      ctx.addIssue({ code: 'custom', path: ['down'], message: message('migration.down-required') });
    if (!m.reversible && down !== '')
      ctx.addIssue({ code: 'custom', path: ['down'], message: message('migration.down-forbidden') });
  })
  .transform((m) => ({ reversible: m.reversible, down: m.reversible ? (m.down as string) : null }));
