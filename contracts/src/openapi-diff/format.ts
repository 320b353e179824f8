/**
 * The diff's answer for people (text) and programs (JSON, with each finding's sentence). `failOn` is the level at or
 * above which a finding breaks the build (`--fail-on`).
 */
import { findingMessage } from './messages.ts';
import { atOrAbove } from './rule-levels.ts';
import type { DiffResult, Finding, Level } from './types.ts';

export interface Verdict {
  /** A finding at or above `failOn`. */
  breaking: boolean;
  /** No finding at or above `failOn`, but the answer is partial: "no breaking change" cannot be said. */
  unknown: boolean;
}

export const verdictOf = (r: DiffResult, failOn: Level): Verdict => {
  const breaking = r.findings.some((f) => atOrAbove(f.level, failOn));
  return { breaking, unknown: !breaking && r.partial };
};

const sentence = (f: Finding) => {
  const m = findingMessage(f);
  return m.charAt(0).toUpperCase() + m.slice(1);
};

const operationOf = (f: Finding) =>
  f.location.operation ? `${f.location.operation.method.toUpperCase()} ${f.location.operation.path}` : '(document)';

export function formatText(r: DiffResult, names: { base: string; revision: string }, failOn: Level): string {
  const count = (level: Level) => r.findings.filter((f) => f.level === level).length;
  const v = verdictOf(r, failOn);
  const head = v.breaking
    ? `✘ Breaking changes from ${names.base} to ${names.revision}`
    : v.unknown
      ? `? No breaking change found from ${names.base} to ${names.revision}, but the answer is partial`
      : `✔ No breaking change from ${names.base} to ${names.revision}`;
  const out = [`${head} (ERR ${count('ERR')}, WARN ${count('WARN')}, INFO ${count('INFO')}; failing on ${failOn})`];
  const block = (f: Finding) => [
    `  ${f.level.padEnd(4)} ${operationOf(f)}  ${f.id}`,
    `       ${sentence(f)}`,
    `       at ${f.location.side} ${f.location.pointer}`,
  ];
  if (r.findings.length) out.push('', ...r.findings.flatMap(block));
  if (r.unconfirmed.length)
    out.push(
      '',
      `Reported by a library engine only (not counted; rollgate's rules disagree or do not check this):`,
      ...r.unconfirmed.flatMap((f) => [
        `  ${f.level.padEnd(4)} ${operationOf(f)}  ${f.id} (${f.engines.join(', ')})`,
        `       ${sentence(f)}`,
      ]),
    );
  if (r.unseen.length)
    out.push(
      '',
      'Partial: these keywords changed and no engine compares them:',
      ...r.unseen.map((u) => `  ${u.keyword} at ${u.pointer}`),
    );
  if (r.failures.length) out.push('', ...r.failures.map((f) => `Engine ${f.engine} failed: ${f.message}`));
  out.push('', `Engines: ${r.engines.map((e) => `${e.name} ${e.version}`).join(', ')}`);
  return out.join('\n');
}

/** The result as JSON, each finding with its sentence and the verdict for `failOn`. */
export function formatJson(r: DiffResult, names: { base: string; revision: string }, failOn: Level): string {
  const withMessage = (f: Finding) => ({ ...f, message: sentence(f) });
  return JSON.stringify(
    {
      base: names.base,
      revision: names.revision,
      failOn,
      ...verdictOf(r, failOn),
      ...r,
      findings: r.findings.map(withMessage),
      unconfirmed: r.unconfirmed.map(withMessage),
    },
    null,
    2,
  );
}
