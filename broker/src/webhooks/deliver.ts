import http from 'node:http';
import https from 'node:https';
import { EgressError, type EgressPolicy } from './egress.ts';
import { BROKER_SET_HEADERS, headerProblem, redactHeaders, redactUrl, scrub, secretValues, shortUrl } from './model.ts';
import type { RenderedRequest } from './templates.ts';
import { message } from '../messages.ts';

/** Longest response body kept in a log. */
const MAX_RESPONSE_BODY = 4000;

export interface DeliveryResult {
  success: boolean;
  /** Retrying cannot help: the egress rules refused it, or the target answered with a redirect. */
  permanent: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
  startedAt: string;
  /** Redacted: what the API shows and the log keeps. */
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
  /** A text log of the attempt, redacted. */
  logs: string;
}

/**
 * Sends one webhook request under the egress rules: URL checks first, then the address check at
 * connect time, a time limit for the whole exchange, and no redirects. Never throws: the outcome,
 * with its redacted log, is the result. Every secret value of the request is scrubbed from the log and
 * from the response kept (a target that echoes credentials does not leak them).
 */
export async function deliver(
  req: RenderedRequest,
  policy: EgressPolicy,
  timeoutMs: number,
  context?: Record<string, unknown>,
): Promise<DeliveryResult> {
  const startedAt = new Date().toISOString();
  const started = Date.now();
  // Framing and routing are the broker's: a webhook's own Host, Content-Length or Transfer-Encoding (saved before
  // these were refused at save) is dropped, so a target never sees two lengths or another host.
  const headers: Record<string, string> = { 'User-Agent': 'rollgate-webhook' };
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(req.headers)) {
    if (BROKER_SET_HEADERS.has(k.toLowerCase())) dropped.push(k);
    else headers[k] = v;
  }
  if (req.username !== undefined || req.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${req.username ?? ''}:${req.password ?? ''}`).toString('base64')}`;
  }
  const secrets = secretValues({
    url: req.url,
    headers,
    username: req.username,
    password: req.password,
    secrets: req.secrets,
  });
  // Logs are read by anyone with read access: the URL as scheme, host and first path segment, secrets scrubbed.
  const shown = {
    method: req.method,
    url: shortUrl(req.url),
    headers: Object.fromEntries(Object.entries(redactHeaders(headers)).map(([k, v]) => [k, scrub(v, secrets)])),
    ...(req.body !== undefined ? { body: scrub(req.body, secrets) } : {}),
  };
  const lines: string[] = [];
  const log = (level: string, text: string) => lines.push(`[${new Date().toISOString()}] ${level} -- : ${text}`);
  if (context) log('DEBUG', `Webhook context ${JSON.stringify(context)}`);
  for (const name of dropped) log('WARN', message('delivery.header-dropped', { name }));
  log('INFO', `HTTP/1.1 ${shown.method} ${shown.url}`);
  for (const [k, v] of Object.entries(shown.headers)) log('INFO', `${k}: ${v}`);
  if (shown.body !== undefined) log('INFO', shown.body);

  const finish = (r: Omit<DeliveryResult, 'durationMs' | 'startedAt' | 'request' | 'logs'>): DeliveryResult => {
    if (r.error) log('ERROR', r.error);
    return {
      ...r,
      durationMs: Date.now() - started,
      startedAt,
      request: shown,
      logs: scrub(lines.join('\n'), secrets),
    };
  };

  // A template value can make a header unsendable (a consumer named with a character outside Latin-1): the attempt
  // fails with the reason, visibly, instead of the request throwing and the delivery never being recorded.
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem)
      return finish({ success: false, permanent: true, error: message('delivery.bad-header', { name, problem }) });
  }

  let url: URL;
  try {
    url = policy.checkUrl(req.url, req.method);
  } catch (e) {
    return finish({
      success: false,
      permanent: true,
      error: message('delivery.refused', { reason: (e as Error).message }),
    });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    const settle = (r: Omit<DeliveryResult, 'durationMs' | 'startedAt' | 'request' | 'logs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(finish(r));
    };
    let outgoing: http.ClientRequest;
    try {
      outgoing = client.request(
        url,
        {
          method: req.method,
          headers:
            req.body !== undefined ? { ...headers, 'Content-Length': String(Buffer.byteLength(req.body)) } : headers,
          lookup: policy.lookup(),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_RESPONSE_BODY) chunks.push(c);
            size += c.length;
          });
          res.on('error', (e) =>
            settle({
              success: false,
              permanent: false,
              statusCode: res.statusCode,
              error: message('delivery.unreadable-response', { reason: e.message }),
            }),
          );
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const body = scrub(Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BODY), secrets);
            const resHeaders = redactHeaders(
              Object.fromEntries(
                Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
              ),
            );
            log('INFO', `HTTP/${res.httpVersion} ${status} ${res.statusMessage ?? ''}`.trim());
            for (const [k, v] of Object.entries(resHeaders)) log('INFO', `${k}: ${scrub(v, secrets)}`);
            if (body) log('INFO', body);
            const response = { status, headers: resHeaders, body };
            if (status >= 300 && status < 400) {
              settle({
                success: false,
                permanent: true,
                statusCode: status,
                response,
                error: message('delivery.redirect', {
                  location: redactUrl(scrub(String(res.headers.location ?? '(no location)'), secrets)),
                }),
              });
            } else if (status >= 200 && status < 300) {
              settle({ success: true, permanent: false, statusCode: status, response });
            } else {
              settle({
                success: false,
                permanent: false,
                statusCode: status,
                response,
                error: message('delivery.failed-status', { status }),
              });
            }
          });
        },
      );
    } catch (e) {
      // node refuses what it cannot send (an invalid method, say) synchronously: a failed attempt, not a crash.
      settled = true;
      resolve(
        finish({
          success: false,
          permanent: true,
          error: message('delivery.not-sent', { reason: (e as Error).message }),
        }),
      );
      return;
    }
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(message('delivery.timed-out', { ms: timeoutMs })));
    }, timeoutMs);
    outgoing.on('error', (e) => {
      const refused = e instanceof EgressError || (e as { code?: string }).code === 'EGRESS_REFUSED';
      settle({
        success: false,
        permanent: refused,
        error: message(refused ? 'delivery.refused' : 'delivery.request-failed', { reason: e.message }),
      });
    });
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}
