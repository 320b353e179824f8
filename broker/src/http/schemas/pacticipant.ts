import { z } from 'zod';
import { singleLine } from './fields.ts';

const optionalText = z.string().nullable().optional();

export const pacticipantSchema = z.object({
  name: singleLine('name').optional(),
  displayName: optionalText,
  mainBranch: singleLine('mainBranch').nullable().optional(),
  repositoryUrl: optionalText,
  repository_url: optionalText,
  repositoryName: optionalText,
  repositoryNamespace: optionalText,
});

export const versionSchema = z.object({
  branch: singleLine('branch').optional(),
  buildUrl: z.string().nullable().optional(),
  tags: z.array(z.union([singleLine('tag'), z.object({ name: singleLine('tag') })])).optional(),
});
