/** Runs the CLI in-process (`main(argv)`) with captured output, and a tiny recording `node:http` stub broker. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../cli/src/main.ts';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** `rollgate <argv>` with only the given environment variables (never the caller's PACT_BROKER_*). */
export async function run(
  argv: string[],
  env: Record<string, string> = {},
  opts: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    },
    env,
    sleep: opts.sleep ?? (async () => undefined),
  });
  return { code, out, err };
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent (brackets raw, values percent-encoded). */
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type StubAnswer = { status?: number; body?: unknown; contentType?: string };

export interface Stub {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A stub broker: `answer(req, n)` decides each response (n counts requests from 0). */
export async function startStub(answer: (req: RecordedRequest, n: number) => StubAnswer): Promise<Stub> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const a = answer(recorded, requests.length - 1);
    res.writeHead(a.status ?? 200, { 'content-type': a.contentType ?? 'application/hal+json;charset=utf-8' });
    res.end(a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const s = await startStub(() => ({}));
  await s.close();
  return s.url;
}
