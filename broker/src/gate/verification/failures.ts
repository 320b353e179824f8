/**
 * What failed in a failed verification, read once when the result is published from the test results the Verifier
 * sent, and kept beside it: the gate, the CLI and the web pages say what failed without parsing test results (which
 * can be megabytes) on the request path. Pure: the domain calls it at publish, the gates and pages render it.
 *
 * Formats: the Rust verifier's (pact-js, pact-jvm 4.x through pact_ffi, the standalone verifier): `testResults` is a
 * list of interactions with `success`, `mismatches: [{attribute, identifier, description}]` and `exceptions`;
 * pact-ruby's: `testResults.tests` is a list of RSpec examples with `status`, the interaction, `differences` and an
 * `exception`; anything else is kept as its first lines of text. Bounded: at most MAX_MISMATCHES per interaction and
 * MAX_INTERACTIONS interactions, each list with a count of what was left out, each message at most MAX_TEXT characters.
 */

export const MAX_MISMATCHES = 10;
export const MAX_INTERACTIONS = 20;
const MAX_TEXT = 500;

export interface Mismatch {
  /** body, status, header, query, path, metadata, ... when the verifier says. */
  attribute?: string;
  /** Where: a JSON path into the body, a header name, ... */
  path?: string;
  message: string;
}

export interface FailedInteraction {
  description: string;
  providerState?: string;
  /** At most MAX_MISMATCHES. */
  mismatches: Mismatch[];
  /** How many more the verifier reported. */
  more: number;
}

export interface VerificationFailures {
  format: 'pact-rust' | 'pact-ruby' | 'text';
  /** At most MAX_INTERACTIONS. */
  interactions: FailedInteraction[];
  /** How many more interactions failed. */
  moreInteractions: number;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const clip = (s: string): string => {
  const one = s.trim();
  return one.length <= MAX_TEXT ? one : `${one.slice(0, MAX_TEXT - 1)}…`;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bounded(list: FailedInteraction[], format: VerificationFailures['format']): VerificationFailures {
  return {
    format,
    interactions: list.slice(0, MAX_INTERACTIONS).map((i) => ({
      ...i,
      mismatches: i.mismatches.slice(0, MAX_MISMATCHES),
      more: i.more + Math.max(0, i.mismatches.length - MAX_MISMATCHES),
    })),
    moreInteractions: Math.max(0, list.length - MAX_INTERACTIONS),
  };
}

/** The Rust verifier's list: one entry per interaction. */
function fromRust(results: unknown[]): VerificationFailures {
  const failed: FailedInteraction[] = [];
  for (const r of results) {
    if (!isObject(r) || r.success !== false) continue;
    const mismatches: Mismatch[] = [];
    for (const m of Array.isArray(r.mismatches) ? r.mismatches : []) {
      if (!isObject(m)) continue;
      const message = text(m.description) ?? text(m.mismatch) ?? JSON.stringify(m);
      mismatches.push({
        ...(text(m.attribute) ? { attribute: m.attribute as string } : {}),
        ...(text(m.identifier) ? { path: m.identifier as string } : {}),
        message: clip(message),
      });
    }
    for (const e of Array.isArray(r.exceptions) ? r.exceptions : [])
      mismatches.push({
        attribute: 'exception',
        message: clip(text((e as { message?: unknown })?.message) ?? String(e)),
      });
    if (!mismatches.length) mismatches.push({ message: 'failed (the verifier gave no details)' });
    failed.push({
      description: text(r.interactionDescription) ?? text(r.description) ?? text(r.interactionId) ?? '(an interaction)',
      mismatches,
      more: 0,
    });
  }
  return bounded(failed, 'pact-rust');
}

/** pact-ruby's RSpec examples, several per interaction: grouped by interaction (and provider state). */
function fromRuby(tests: unknown[]): VerificationFailures {
  const byInteraction = new Map<string, FailedInteraction>();
  for (const t of tests) {
    if (!isObject(t) || t.status !== 'failed') continue;
    const description = text(t.interactionDescription) ?? text(t.testFullDescription) ?? '(an interaction)';
    const providerState = text(t.interactionProviderState);
    const key = `${description}\u0000${providerState ?? ''}`;
    let entry = byInteraction.get(key);
    if (!entry) {
      entry = { description, ...(providerState ? { providerState } : {}), mismatches: [], more: 0 };
      byInteraction.set(key, entry);
    }
    const attribute = text(t.testDescription);
    const differences = (Array.isArray(t.differences) ? t.differences : [])
      .map((d) => text((d as { description?: unknown })?.description))
      .filter((d): d is string => d !== undefined);
    if (differences.length) {
      for (const d of differences) entry.mismatches.push({ ...(attribute ? { attribute } : {}), message: clip(d) });
    } else {
      // RSpec's message (e.g. "expected: 200 / got: 500") in one line.
      const message = text((t.exception as { message?: unknown } | undefined)?.message);
      entry.mismatches.push({
        ...(attribute ? { attribute } : {}),
        message: clip(message ? message.replace(/\s*\n\s*/g, ' ') : 'failed'),
      });
    }
  }
  return bounded([...byInteraction.values()], 'pact-ruby');
}

/** Something else: its first lines, as text. */
function fromText(raw: unknown): VerificationFailures {
  const all = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const lines = all
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return bounded(
    [
      {
        description: '(the verifier output)',
        mismatches: lines.map((l) => ({ message: clip(l) })),
        more: 0,
      },
    ],
    'text',
  );
}

/**
 * The failures of a failed verification from the test results it was published with, or undefined when there is
 * nothing to read (no test results) or it succeeded.
 */
export function failuresOf(success: boolean, testResults: unknown): VerificationFailures | undefined {
  if (success || testResults === undefined || testResults === null) return undefined;
  if (Array.isArray(testResults) && testResults.some((r) => isObject(r) && 'success' in r)) {
    const f = fromRust(testResults);
    if (f.interactions.length) return f;
  }
  if (isObject(testResults) && Array.isArray(testResults.tests)) {
    const f = fromRuby(testResults.tests);
    if (f.interactions.length) return f;
  }
  if (typeof testResults === 'string' && testResults.trim() === '') return undefined;
  if (Array.isArray(testResults) && testResults.length === 0) return undefined;
  return fromText(testResults);
}

/** One line: "2 interactions failed (7 mismatches)". */
export function failureCountText(f: VerificationFailures): string {
  const interactions = f.interactions.length + f.moreInteractions;
  if (f.format === 'text') return 'see the verifier output below';
  const mismatches = f.interactions.reduce((n, i) => n + i.mismatches.length + i.more, 0);
  const shown = f.moreInteractions ? '' : ` (${mismatches} mismatch${mismatches === 1 ? '' : 'es'})`;
  return `${interactions} interaction${interactions === 1 ? '' : 's'} failed${shown}`;
}
