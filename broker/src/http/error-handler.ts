import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ContractError } from '../../../contracts/src/errors.ts';
import { BrokerError, ValidationError, type FieldProblem } from '../errors.ts';
import { currentRequestId } from '../context/request-context.ts';
import { message } from '../messages.ts';

/**
 * The only place where errors become HTTP responses. Error bodies are `{"errors": ...}` as
 * `application/hal+json`, as the Pact Broker sends them and its clients' contracts expect (the clients
 * read any JSON type; they treat problem+json as text and lose the message), so problem details are
 * sent only when the client asks for application/problem+json first. `listed` sends `errors` as a list
 * of messages, where the Pact Broker does so.
 */
export function sendError(
  req: Request,
  res: Response,
  status: number,
  problems: FieldProblem[],
  notices: { type: string; text: string }[] = [],
  reference?: string,
  listed = false,
): void {
  const accept = req.get('accept') ?? '';
  const first = accept.split(',')[0]?.trim().split(';')[0];
  if (first === 'application/problem+json') {
    res
      .status(status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `https://rollgate.dev/problems/${status}`,
          title: TITLES[status] ?? 'Error',
          status,
          detail: problems.map((p) => (p.path === 'base' ? p.message : `${p.path}: ${p.message}`)).join('; '),
          instance: req.originalUrl,
          errors: problems.map((p) => ({ pointer: p.path, message: p.message })),
          ...(reference ? { reference } : {}),
        }),
      );
    return;
  }
  const errors: Record<string, string[]> = {};
  for (const p of problems) {
    errors[p.path] ??= [];
    errors[p.path].push(p.message);
  }
  const body: Record<string, unknown> = { errors: listed ? problems.map((p) => p.message) : errors };
  if (notices.length) body.notices = notices;
  if (reference) body.reference = reference;
  res.status(status).type(ERROR_TYPE).send(JSON.stringify(body));
}

const ERROR_TYPE = 'application/hal+json;charset=utf-8';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, next) => {
    // Too late for an error body: let express end the connection.
    if (res.headersSent) return next(err);
    if (err instanceof ValidationError)
      return sendError(req, res, 400, err.problems, err.notices, undefined, err.listed);
    if (err instanceof ContractError) return sendError(req, res, 400, err.problems);
    if (err instanceof BrokerError)
      return sendError(
        req,
        res,
        err.status,
        [{ path: (err as { path?: string }).path ?? 'base', message: err.message }],
        err.notices,
      );
    // PostgreSQL cancelled a statement that ran past ROLLGATE_DATABASE_STATEMENT_TIMEOUT: busy, not broken.
    if (err?.code === '57014') {
      res.setHeader('Retry-After', '5');
      return sendError(req, res, 503, [{ path: 'base', message: message('database.statement-timeout') }]);
    }
    // body-parser style errors carry a status (payload too large, bad encoding).
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500)
      return sendError(req, res, status, [
        { path: 'base', message: String(err.message ?? message('http.bad-request')) },
      ]);
    // The request id (X-Request-Id, also in the request's log line) is the reference quoted to users.
    const reference = currentRequestId() ?? (res.getHeader('x-request-id') as string | undefined) ?? randomUUID();
    log.error({ err, reference, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendError(req, res, 500, [{ path: 'base', message: message('http.internal-error', { reference }) }], [], reference);
  };
}
