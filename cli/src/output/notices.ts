import type { CliContext } from '../context.ts';
import { say } from '../context.ts';

const MARK: Record<string, string> = { success: '✔', error: '✘', warning: '!', danger: '✘', prompt: '→' };

/** Prints a broker response's `notices [{type, text}]`, one per line; false when there were none. */
export function printNotices(ctx: CliContext, body: unknown): boolean {
  const notices = (body as { notices?: unknown } | undefined)?.notices;
  if (!Array.isArray(notices) || !notices.length) return false;
  for (const n of notices as { type?: string; text?: string }[]) {
    if (typeof n?.text !== 'string' || n.type === 'debug') continue;
    const mark = MARK[n.type ?? ''];
    say(ctx, mark ? `${mark} ${n.text}` : n.text);
  }
  return true;
}
