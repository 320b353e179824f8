import semver from 'semver';
import { z } from 'zod';
import type { Requirement } from '../../gate/rollback/requirements.ts';
import { message } from '../../messages.ts';
import { singleLine } from './fields.ts';

/** `PUT /pacticipants/{p}/versions/{v}/requirements/{other}`: `{"atLeast": "2.0.0"}` or `{"range": "^2.0.0"}`. */
export const requirementSchema = z
  .object({ atLeast: singleLine('atLeast').optional(), range: singleLine('range').optional() })
  .superRefine((r, ctx) => {
    if ((r.atLeast === undefined) === (r.range === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: message('requirement.one-of') });
    else if (r.range !== undefined && semver.validRange(r.range) === null)
      ctx.addIssue({ code: 'custom', path: ['range'], message: message('requirement.bad-range', { range: r.range }) });
  })
  .transform((r): Requirement => (r.range !== undefined ? { range: r.range } : { atLeast: r.atLeast as string }));
