import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The provider URL the Verifier is given: a small HTTP proxy in front of whichever broker is current, so each
 * interaction can have a fresh broker behind one fixed address. Like the Pact Broker's own `HalRelationProxyApp`,
 * it rewrites request paths: the older pacts ask for placeholder paths (`/HAL-REL-PLACEHOLDER-PB-WEBHOOKS`) and
 * the newer ones for fixed ids (`/deployed-versions/ff3adecf-...`) that the provider states stand for; each
 * rewrite replaces the start of a path (a whole segment or more).
 */
export interface SwitchProxy {
  url: string;
  /**
   * Sends the following requests to `target`, with these path rewrites (and no others). `query` is the query
   * string as the client recorded it: the Rust Verifier sends a recorded query's parameters sorted by name, which
   * loses which `q[][version]` belongs to which `q[][pacticipant]`; a query with the same parameters is sent on
   * in the recorded order (the Pact Broker's own verification restores it the same way).
   */
  switchTo(target: string, opts?: { rewrites?: Map<string, string>; query?: string }): void;
  /** The paths (after rewriting) the proxy has forwarded since the last switch. */
  forwarded: string[];
  close(): Promise<void>;
}

export function rewritePath(path: string, rewrites: Map<string, string>): string {
  const q = path.indexOf('?');
  const [pathname, query] = q < 0 ? [path, ''] : [path.slice(0, q), path.slice(q)];
  for (const [from, to] of rewrites) {
    if (pathname === from || pathname.startsWith(`${from}/`)) return `${to}${pathname.slice(from.length)}${query}`;
  }
  return path;
}

const pairs = (query: string) => [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort();

/** `recorded` when `sent` has the same parameters in another order, else `sent`. */
export function restoreQueryOrder(sent: string, recorded: string | undefined): string {
  if (recorded === undefined) return sent;
  return JSON.stringify(pairs(sent)) === JSON.stringify(pairs(recorded)) ? recorded : sent;
}

export async function startSwitchProxy(): Promise<SwitchProxy> {
  let target: URL | undefined;
  let rewrites = new Map<string, string>();
  let recordedQuery: string | undefined;
  const forwarded: string[] = [];
  const server = http.createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const rewritten = rewritePath(req.url ?? '/', rewrites);
    const q = rewritten.indexOf('?');
    const path =
      q < 0 ? rewritten : `${rewritten.slice(0, q)}?${restoreQueryOrder(rewritten.slice(q + 1), recordedQuery)}`;
    forwarded.push(path);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    switchTo(next, opts = {}) {
      target = new URL(next);
      rewrites = opts.rewrites ?? new Map();
      recordedQuery = opts.query;
      forwarded.length = 0;
    },
    forwarded,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
