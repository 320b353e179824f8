import type { z } from 'zod';
import { ValidationError } from '../../errors.ts';

/** Validates a request body against a zod schema; every problem is reported with its field path. */
export function validate<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      path: i.path.length
        ? i.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
            .join('.')
            .replace(/\.\[/g, '[')
        : 'body',
      message: i.message,
    })),
  );
}
