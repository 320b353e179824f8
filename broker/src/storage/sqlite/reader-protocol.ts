import {
  BrokerError,
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  MisdirectedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors.ts';

/** What the main thread asks a reader thread (reader-pool.ts) to run: the named read `name` of `module`. */
export interface ReadTask {
  id: number;
  module: string;
  name: string;
  args: unknown[];
}

/** An error as it crosses threads: a typed error (errors.ts) keeps its type, details and notices. */
export interface WireError {
  name: string;
  message: string;
  problems?: FieldProblem[];
  listed?: boolean;
  path?: string;
  notices?: { type: string; text: string }[];
  stack?: string;
}

export type ReadReply = { id: number; ok: unknown } | { id: number; error: WireError };

export function toWireError(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const w: WireError = { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  if (e instanceof ValidationError) Object.assign(w, { problems: e.problems, listed: e.listed });
  if (e instanceof ConflictError || e instanceof UnprocessableError) w.path = e.path;
  if (e instanceof BrokerError && e.notices.length) w.notices = e.notices;
  return w;
}

export function fromWireError(w: WireError): Error {
  const e = typed(w);
  if (e instanceof BrokerError && w.notices) e.notices = w.notices;
  // The reader thread's stack says where the read failed; the log shows it for a 500.
  if (w.stack) e.stack = w.stack;
  return e;
}

function typed(w: WireError): Error {
  switch (w.name) {
    case 'ValidationError':
      return new ValidationError(w.problems ?? [], w.listed ?? false);
    case 'NotFoundError':
      return new NotFoundError(w.message);
    case 'ConflictError':
      return new ConflictError(w.message, w.path);
    case 'UnprocessableError':
      return new UnprocessableError(w.message, w.path);
    case 'UnsupportedMediaTypeError':
      return new UnsupportedMediaTypeError(w.message);
    case 'PayloadTooLargeError':
      return new PayloadTooLargeError(w.message);
    case 'ForbiddenError':
      return new ForbiddenError(w.message);
    case 'MisdirectedRequestError':
      return new MisdirectedRequestError(w.message);
    default: {
      const e = new Error(w.message);
      e.name = w.name;
      return e;
    }
  }
}
