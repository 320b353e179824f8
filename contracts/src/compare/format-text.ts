/**
 * The human report of `rollgate compare`: findings grouped by interaction, each saying what the
 * consumer expects, what the document allows, and where in each file (line:column and JSON path).
 */
import { explainFinding } from '../openapi/messages.ts';
import type { ComparisonReport, LocatedFinding } from './report.ts';
import type { Position } from './source-map.ts';

const MAX_VALUE = 80;

/** A value cut to one short line; a responses map is shown as its status codes. */
export function shortValue(value: unknown): string {
  if (value === undefined) return '(not reported)';
  if (typeof value === 'string')
    return JSON.stringify(value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length && keys.every((k) => /^([1-5]\d\d|[1-5]XX|default)$/i.test(k))) return keys.join(', ');
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const at = (file: string, pos: Position | undefined, path: string | undefined) =>
  `${file}${pos ? `:${pos.line}:${pos.column}` : ''}${path ? `  ${path}` : ''}`;

function header(r: ComparisonReport): string[] {
  const { verdict } = r;
  const errors = r.findings.filter((f) => f.type === 'error').length;
  const warnings = r.findings.filter((f) => f.type === 'warning').length;
  const failing = new Set(
    r.findings.filter((f) => f.type === 'error' && f.interaction).map((f) => f.interaction!.index),
  ).size;
  const doc = `${r.document.title ? `"${r.document.title}" ` : ''}(OpenAPI ${r.document.version})`;
  const who = `${r.pact.consumer}'s pact with ${r.pact.provider}`;
  const lines =
    verdict.result === 'unknown'
      ? [`UNKNOWN: no answer for ${who} against ${doc}: ${verdict.reason ?? 'no reason given'}`]
      : [
          `${verdict.result.toUpperCase()}: ${who} ${verdict.result === 'compatible' ? 'is' : 'is not'} supported by ${doc}`,
          `  ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${failing} of ${plural(r.pact.interactions, 'interaction')} failing`,
        ];
  return [
    ...lines,
    `  pact      ${r.pact.file} (pact specification v${r.pact.specVersion})`,
    `  document  ${r.document.file} (sha256 ${r.document.contentHash.slice(0, 12)}…)`,
    `  engine    ${verdict.engine.name} ${verdict.engine.version}`,
  ];
}

function findingLines(f: LocatedFinding, r: ComparisonReport, indent: string): string[] {
  const explained = explainFinding(f.code, { expects: shortValue(f.pactValue), allows: shortValue(f.documentValue) });
  const out = [`${indent}${f.type.padEnd(7)} ${f.code}`, `${indent}        ${f.message}`];
  if (f.pactLocation) {
    out.push(
      `${indent}        consumer  ${explained.consumer}`,
      `${indent}                  ${at(r.pact.file, f.pactPosition, f.pactLocation)}`,
    );
  }
  if (f.documentLocation) {
    out.push(
      `${indent}        document  ${explained.document}`,
      `${indent}                  ${at(r.document.file, f.documentPosition, f.documentLocation)}`,
    );
  }
  for (const cause of f.causes ?? []) out.push(`${indent}        because: ${cause.code}: ${cause.message}`);
  return out;
}

export function formatText(r: ComparisonReport): string {
  const lines = header(r);
  const groups = new Map<number, LocatedFinding[]>();
  const loose: LocatedFinding[] = [];
  for (const f of r.findings) {
    if (!f.interaction) loose.push(f);
    else groups.set(f.interaction.index, [...(groups.get(f.interaction.index) ?? []), f]);
  }
  for (const index of [...groups.keys()].sort((a, b) => a - b)) {
    const fs = groups.get(index)!;
    const op = fs.find((f) => f.operation)?.operation;
    lines.push(
      '',
      `Interaction [${index}] "${fs[0].interaction!.description}"${op ? ` (${op.method} ${op.path})` : ''}`,
    );
    for (const f of fs) lines.push(...findingLines(f, r, '  '));
  }
  if (loose.length) {
    lines.push('', 'Not tied to one interaction');
    for (const f of loose) lines.push(...findingLines(f, r, '  '));
  }
  return `${lines.join('\n')}\n`;
}
