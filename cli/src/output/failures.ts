/**
 * What failed in a failed verification, as the broker's answers carry it (`failures`, read from the Verifier's test
 * results when they were published): per failed interaction its mismatches, then a link to the whole result.
 */
export interface Failures {
  format?: string;
  interactions?: {
    description?: string;
    providerState?: string;
    mismatches?: { attribute?: string; path?: string; message?: string }[];
    more?: number;
  }[];
  moreInteractions?: number;
}

/** Lines, indented by `indent`, for a person reading a failed gate. */
export function failureLines(f: Failures, link: string | undefined, indent: string): string[] {
  const out: string[] = [];
  for (const i of f.interactions ?? []) {
    out.push(`${indent}${i.description ?? '(an interaction)'}${i.providerState ? ` (given ${i.providerState})` : ''}:`);
    for (const m of i.mismatches ?? []) {
      const where = [m.attribute, m.path].filter(Boolean).join(' ');
      out.push(`${indent}  ${where ? `${where}: ` : ''}${m.message ?? ''}`);
    }
    if (i.more) out.push(`${indent}  ... and ${i.more} more mismatch${i.more === 1 ? '' : 'es'}`);
  }
  if (f.moreInteractions)
    out.push(`${indent}... and ${f.moreInteractions} more failed interaction${f.moreInteractions === 1 ? '' : 's'}`);
  if (link) out.push(`${indent}The whole result: ${link}`);
  return out;
}
