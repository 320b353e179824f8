import { render, type MessageArgs, type MismatchId } from './messages.ts';

/** One way in which an actual request, response or message fails its expectation. */
export interface Mismatch {
  id: MismatchId;
  /** Where: `method`, `path`, `status`, `query.q`, `header.Accept`, `metadata.x` or a body path like `$.a[0].b`. */
  path: string;
  message: string;
}

/** What a rule reports: an id and its arguments, without a path (the walker knows where it is). */
export interface Failure {
  id: MismatchId;
  args: MessageArgs;
}

export const fail = (id: MismatchId, args: MessageArgs = {}): Failure => ({ id, args });

export function mismatch(id: MismatchId, path: string, args: MessageArgs = {}): Mismatch {
  return { id, path, message: render(id, args) };
}

export const toMismatch =
  (path: string) =>
  (f: Failure): Mismatch =>
    mismatch(f.id, path, f.args);

/** Body paths as users read them: `$.a[0].b`, `$['x y']`. */
export function formatPath(segments: readonly string[]): string {
  let out = '';
  for (const [i, s] of segments.entries()) {
    if (i === 0 && s === '$') out += '$';
    else if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_@#][\w@#:-]*$/.test(s)) out += `.${s}`;
    else out += `['${s}']`;
  }
  return out;
}
