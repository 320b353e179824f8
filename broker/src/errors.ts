/**
 * The broker's error hierarchy. Domain code throws these; the HTTP edge (http/error-handler.ts) maps
 * them to status codes and bodies in one place. Anything else is a bug: a 500 with a reference id.
 */
export interface FieldProblem {
  /** Where: a field name or JSON path ("contracts[0].content", "$.interactions[2].request"). */
  path: string;
  message: string;
}

export abstract class BrokerError extends Error {
  abstract readonly status: number;
  /** Notices to show alongside the error (Pact clients print them). */
  notices: { type: string; text: string }[] = [];
}

export class ValidationError extends BrokerError {
  readonly status = 400;
  constructor(
    readonly problems: FieldProblem[],
    /**
     * Sent as the Pact Broker sends it for this resource: `errors` a list of messages (each saying what it is
     * about) rather than messages keyed by field, as the matrix does for names that do not exist.
     */
    readonly listed = false,
  ) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'ValidationError';
  }
  static of(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends BrokerError {
  readonly status = 404;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends BrokerError {
  readonly status = 409;
  constructor(
    message: string,
    readonly path = 'base',
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class UnprocessableError extends BrokerError {
  readonly status = 422;
  constructor(
    message: string,
    readonly path = 'base',
  ) {
    super(message);
    this.name = 'UnprocessableError';
  }
}

export class UnsupportedMediaTypeError extends BrokerError {
  readonly status = 415;
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class PayloadTooLargeError extends BrokerError {
  readonly status = 413;
  constructor(message: string) {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}

/** A known caller may not do this (a cross-site request, a pacticipant outside its own). */
export class ForbiddenError extends BrokerError {
  readonly status = 403;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The request names a host this broker does not answer for (the Host header check, against DNS rebinding). */
export class MisdirectedRequestError extends BrokerError {
  readonly status = 421;
  constructor(message: string) {
    super(message);
    this.name = 'MisdirectedRequestError';
  }
}
