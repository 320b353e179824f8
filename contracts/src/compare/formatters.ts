/** Output formats by name, as the CLI's --output flag names them. */
import { formatJson } from './format-json.ts';
import { formatText } from './format-text.ts';
import type { ComparisonReport } from './report.ts';

export type OutputFormat = 'text' | 'json';
export const FORMATTERS: Record<OutputFormat, (r: ComparisonReport) => string> = { text: formatText, json: formatJson };
