/**
 * CLI failures and their exit codes. Commands throw; only main.ts calls process.exit.
 * 0 yes / success, 1 a negative answer, 2 and above a failure (see docs/cli.md).
 */
export const EXIT = {
  ok: 0,
  no: 1,
  usage: 2,
  brokerUnreachable: 3,
  brokerError: 4,
  unreadableFile: 5,
  internal: 10,
} as const;

export class ExitError extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
    this.name = 'ExitError';
  }
}

export class UsageError extends ExitError {
  constructor(message: string) {
    super(EXIT.usage, message);
    this.name = 'UsageError';
  }
}
