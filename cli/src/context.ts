/**
 * What a command needs from the outside world, injected so tests can run `main(argv)` in-process:
 * where output goes, which environment variables it sees, and how it reaches the network.
 */
import { httpTransport, type Transport } from './http-transport.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  io: Io;
  env: Record<string, string | undefined>;
  /** How requests are sent: node:http by default (see http-transport.ts); the global `fetch` also fits. */
  fetch: Transport;
  /** Waits between polls (`--retry-interval`); tests may shorten it. */
  sleep(ms: number): Promise<void>;
  /** The exit code a command's action decided (0 yes, 1 a negative answer); failures throw instead. */
  exitCode: number;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export function createContext(overrides: Partial<Omit<CliContext, 'exitCode'>> = {}): CliContext {
  return {
    io: overrides.io ?? processIo,
    env: overrides.env ?? process.env,
    fetch: overrides.fetch ?? httpTransport,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    exitCode: 0,
  };
}

/** Writes a line (or several) to stdout / stderr. */
export const say = (ctx: CliContext, text = '') => ctx.io.out(`${text}\n`);
export const warn = (ctx: CliContext, text: string) => ctx.io.err(`${text}\n`);
/** Prints a broker response body as indented JSON (`--output json`); several bodies print as one array, one alone. */
export const sayJson = (ctx: CliContext, body: unknown) => say(ctx, JSON.stringify(body, null, 2));
export const sayJsonBodies = (ctx: CliContext, bodies: unknown[]) =>
  sayJson(ctx, bodies.length === 1 ? bodies[0] : bodies);

/**
 * Asks again (`--retry-while-unknown N --retry-interval S`) while `unknown(answer)`, saying on stderr what it is
 * waiting for; returns the last answer.
 */
export async function askWhileUnknown<T>(
  ctx: CliContext,
  ask: () => Promise<T>,
  unknown: (answer: T) => boolean,
  retry: { times: number; intervalSeconds: number; waitingFor: (answer: T) => string },
): Promise<T> {
  let answer = await ask();
  for (let attempt = 1; attempt <= retry.times && unknown(answer); attempt++) {
    warn(
      ctx,
      `Waiting for ${retry.waitingFor(answer)}; retry ${attempt} of ${retry.times} in ${retry.intervalSeconds} s`,
    );
    await ctx.sleep(retry.intervalSeconds * 1000);
    answer = await ask();
  }
  return answer;
}
