/**
 * How the CLI sends a request: node:http(s), with the subset of `fetch` the broker client uses. Not the global
 * `fetch`: on Node 20 its first call loads and compiles undici, which costs more than the rest of a CLI run
 * (see docs/benchmarks.md, CLI start-up), and its pooled keep-alive connection holds the process open after the
 * answer. Tests and callers may still pass the real `fetch` (it has this shape).
 */
import type { IncomingMessage, RequestOptions } from 'node:http';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type Transport = (url: string, init: TransportRequest) => Promise<TransportResponse>;

/** As `fetch` does: at most this many redirects, then an error. */
const MAX_REDIRECTS = 5;

function once(url: URL, init: TransportRequest): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const send = async () => {
      const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
      const headers: Record<string, string> = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const options: RequestOptions = { method: init.method, headers, signal: init.signal };
      const req = mod.request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => resolve({ res, body: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', reject);
      });
      // An aborted request (the time limit) fails with the signal's reason, a TimeoutError, as `fetch` does.
      req.once('error', (e) => reject(init.signal?.aborted ? init.signal.reason : e));
      req.end(init.body);
    };
    send().catch(reject);
  });
}

/** One request and its redirects (the method becomes GET after a 303, and after a 301/302 of a POST, as in fetch). */
export const httpTransport: Transport = async (url, init) => {
  let target = new URL(url);
  let request = init;
  for (let hop = 0; ; hop++) {
    const { res, body } = await once(target, request);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && location) {
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      const next = new URL(location, target);
      const headers = { ...request.headers };
      // Credentials never follow a redirect to another origin.
      if (next.origin !== target.origin) delete headers.authorization;
      const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
      if (toGet) delete headers['content-type'];
      request = toGet ? { ...request, method: 'GET', headers, body: undefined } : { ...request, headers };
      target = next;
      continue;
    }
    return {
      status,
      statusText: res.statusMessage ?? '',
      ok: status >= 200 && status < 300,
      headers: {
        get: (name) => {
          const v = res.headers[name.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        },
      },
      text: async () => body,
    };
  }
};
