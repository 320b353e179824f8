/**
 * A bounded load scenario (issue 16): `clients` concurrent clients for `seconds` against one broker, each looping
 * over a mix of writes (publish a pact, record a deployment, tag a version) and reads (a pacticipant, can-i-deploy),
 * with an optional pause between requests (`thinkMs`, so connections sit idle as a balancer's would); a separate
 * probe asks the heartbeat every 100 ms. Loopback only, bounded in count and time; used by bench/load and by
 * test/security/load.test.ts.
 */
import http from 'node:http';
import { base64 } from '../../test/support/pact-builder.ts';

export interface LoadOptions {
  url: string;
  clients: number;
  seconds: number;
  /** Pause after each request, uniformly 0..thinkMs (default 0). */
  thinkMs?: number;
  /** Services the clients write as (default 20). */
  services?: number;
  environmentUuid: string;
}

export interface LoadResult {
  requests: number;
  byStatus: Record<string, number>;
  /** Responses with a 5xx status. */
  serverErrors: number;
  /** Connections reset or closed under a request (ECONNRESET, socket hang up, EPIPE). */
  resets: number;
  otherErrors: string[];
  writes: Latencies;
  reads: Latencies;
  heartbeat: Latencies;
  /** Writes acknowledged (2xx), to check afterwards that each is stored. */
  acknowledged: { consumer: string; version: string }[];
  /** Latencies by operation (publish, deploy, tag, pacticipant, can-i-deploy, heartbeat). */
  byOperation: Record<string, Latencies>;
  /** Every request: operation, start (ms after the run began) and latency, for finding where time goes. */
  trace: { op: string; at: number; ms: number; id?: string; wall?: number }[];
}

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function latencies(ms: number[]): Latencies {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0);
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? 0 };
}

function pact(consumer: string, n: number): string {
  return base64({
    consumer: { name: consumer },
    provider: { name: 'orders' },
    interactions: [
      {
        description: `order ${n % 5}`,
        request: { method: 'GET', path: `/orders/${n % 5}` },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: n % 5 } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  });
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const until = Date.now() + o.seconds * 1000;
  const r: LoadResult = {
    requests: 0,
    byStatus: {},
    serverErrors: 0,
    resets: 0,
    otherErrors: [],
    writes: latencies([]),
    reads: latencies([]),
    heartbeat: latencies([]),
    acknowledged: [],
    byOperation: {},
    trace: [],
  };
  const began = performance.now();
  const opMs = new Map<string, number[]>();
  const writeMs: number[] = [];
  const readMs: number[] = [];
  const beatMs: number[] = [];

  let sent = 0;
  const send = (method: string, path: string, body: unknown, a: http.Agent) =>
    new Promise<{ status: number; id: string }>((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const id = `load-${++sent}`;
      const req = http.request(
        {
          host: hostname,
          port,
          method,
          path,
          agent: a,
          headers: {
            accept: 'application/hal+json',
            'x-request-id': id,
            ...(text !== undefined
              ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }
              : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, id }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(120_000, () => req.destroy(new Error('client timeout after 120 s')));
      req.end(text);
    });

  const record = async (kind: 'write' | 'read' | 'beat', op: string, method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    try {
      const { status, id } = await send(method, path, body, kind === 'beat' ? probeAgent : agent);
      const ms = performance.now() - t0;
      if (!opMs.has(op)) opMs.set(op, []);
      opMs.get(op)?.push(ms);
      r.trace.push({ op, at: Math.round(t0 - began), ms: Math.round(ms), id, wall: Date.now() });
      r.requests++;
      r.byStatus[status] = (r.byStatus[status] ?? 0) + 1;
      if (status >= 500) r.serverErrors++;
      (kind === 'write' ? writeMs : kind === 'read' ? readMs : beatMs).push(ms);
      return status;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket hang up|other side closed/i.test(err.message))
        r.resets++;
      else if (r.otherErrors.length < 20) r.otherErrors.push(`${method} ${path}: ${err.code ?? ''} ${err.message}`);
      return 0;
    }
  };

  const services = o.services ?? 20;
  const client = async (c: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const consumer = `svc-${(c + n) % services}`;
      const version = `${c}.${n}`;
      const step = n % 5;
      if (step === 0) {
        const status = await record('write', 'publish', 'POST', '/contracts/publish', {
          pacticipantName: consumer,
          pacticipantVersionNumber: version,
          branch: 'main',
          contracts: [
            {
              consumerName: consumer,
              providerName: 'orders',
              specification: 'pact',
              contentType: 'application/json',
              content: pact(consumer, n),
            },
          ],
        });
        if (status >= 200 && status < 300) r.acknowledged.push({ consumer, version });
      } else if (step === 1) {
        const last = r.acknowledged.findLast((a) => a.version.startsWith(`${c}.`));
        if (last)
          await record(
            'write',
            'deploy',
            'POST',
            `/pacticipants/${last.consumer}/versions/${last.version}/deployed-versions/environment/${o.environmentUuid}`,
            { applicationInstance: `i${c % 3}` },
          );
      } else if (step === 2) {
        const last = r.acknowledged.findLast((a) => a.version.startsWith(`${c}.`));
        if (last)
          await record(
            'write',
            'tag',
            'PUT',
            `/pacticipants/${last.consumer}/versions/${last.version}/tags/t${n % 3}`,
            {},
          );
      } else if (step === 3) await record('read', 'pacticipant', 'GET', `/pacticipants/${consumer}`);
      else
        await record(
          'read',
          'can-i-deploy',
          'GET',
          `/can-i-deploy?pacticipant=${consumer}&version=${c}.0&to=production`,
        );
      if (o.thinkMs) await new Promise((res) => setTimeout(res, Math.random() * (o.thinkMs as number)));
    }
  };
  const probe = async () => {
    while (Date.now() < until) {
      await record('beat', 'heartbeat', 'GET', '/diagnostic/status/heartbeat');
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: o.clients }, (_, c) => client(c))]);
  agent.destroy();
  probeAgent.destroy();
  r.writes = latencies(writeMs);
  r.reads = latencies(readMs);
  r.heartbeat = latencies(beatMs);
  for (const [op, ms] of opMs) r.byOperation[op] = latencies(ms);
  return r;
}
