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
  constructor(
    readonly code: number,
    message = '',
  ) {
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

export class UnreadableFileError extends ExitError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(EXIT.unreadableFile, `rollgate: cannot read ${file}: ${detail}`);
    this.name = 'UnreadableFileError';
  }
}

export class BrokerUnreachableError extends ExitError {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(
      EXIT.brokerUnreachable,
      `rollgate: cannot reach the broker at ${url}: ${detail}\n  (check --broker-base-url, ROLLGATE_BROKER_BASE_URL or PACT_BROKER_BASE_URL, and that the broker is running)`,
    );
    this.name = 'BrokerUnreachableError';
  }
}

/** The broker answered with an error status, or lacks something the command needs (an environment, a version). */
export class BrokerError extends ExitError {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(EXIT.brokerError, message);
    this.name = 'BrokerError';
  }
}
