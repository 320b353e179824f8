/**
 * `npm run bench -- readers [--services 300] [--versions 15000] [--seconds 30] [--threads 0,2] [--database FILE]`:
 * heavy reads beside writes on SQLite, with and without reader threads (issue 15). Builds an organisation
 * (bench/gate/synthetic-org.ts `buildRealOrg`), then for each ROLLGATE_READER_THREADS setting starts the broker
 * on it in this process (precompute and webhooks off, so no background work competes) and runs for `--seconds`: two clients asking heavy reads
 * back to back (pacts-for-verification for the hub, the hub's matrix with one consumer, the history of that pair, the
 * service graph, can-i-rollback of one service in production), one client writing (a deployment to production or a
 * verification, one after the other, 50 ms apart), and one asking the heartbeat every 50 ms. Prints latency per
 * operation, the event-loop delay (p50, p99, max over the run) and the load average. Before that, each
 * heavy read alone: its time and the longest the event loop was held while it ran (what the read still does on the
 * event loop: on a busy machine the clearest figure).
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { startBroker } from '../../broker/src/server.ts';
import { contentRev, HUB, realPact, realProviders, serviceName, versionNumber } from '../gate/synthetic-org.ts';
import { build } from '../org/org.bench.ts';
import { quantiles } from '../org/load.ts';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';

type Row = Record<string, unknown>;

export interface ReadersOptions {
  services?: number;
  versions?: number;
  seconds?: number;
  threads?: number[];
  database?: string;
}

const PRODUCTION_UUID = 'c0ffee00-0000-4000-8000-000000000003';
const PFV_BODY = {
  providerVersionBranch: 'main',
  includePendingStatus: true,
  includeWipPactsSince: new Date(Date.now() - 30 * 86_400_000).toISOString(),
  consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
};

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function measure(database: string, threads: number, o: Required<Omit<ReadersOptions, 'database' | 'threads'>>) {
  // In this process, so the event loop measured is the broker's own (a child's heartbeat on a machine this busy took
  // up to 2 s idle: the client's and the child's scheduling, not the broker's work). The client is light beside it.
  const b = await startBroker(
    { port: 0, host: '127.0.0.1', database, readerThreads: threads, precompute: false, webhooks: false },
    { logger: pino({ level: 'error' }) },
  );
  const { hostname, port } = new URL(b.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: hostname,
          port,
          method,
          path,
          agent,
          headers: {
            accept: path.startsWith('/ui') ? 'text/html' : path === '/metrics' ? 'text/plain' : 'application/hal+json',
            ...(text !== undefined
              ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }
              : {}),
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  const rounds = Math.ceil(o.versions / o.services);
  const lastVersion = versionNumber(rounds - 1);
  const providers = realProviders({ services: o.services, versions: o.versions });
  const hub = serviceName(HUB);
  const c1 = serviceName(1);
  const heavy: [string, string, string, unknown?][] = [
    ['pacts-for-verification (hub)', 'POST', `/pacts/provider/${hub}/for-verification`, PFV_BODY],
    ['matrix of a pair (latestby cvpv)', 'GET', `/matrix/provider/${hub}/consumer/${c1}`],
    ['matrix history of a pair', 'GET', `/matrix?q[][pacticipant]=${c1}&q[][pacticipant]=${hub}`],
    ['service graph page', 'GET', '/ui/graph'],
    ['can-i-rollback one (production)', 'GET', `/can-i-rollback?environment=production&pacticipant=${hub}`],
  ];
  const lat: Record<string, number[]> = {};
  const errors: Record<string, number> = {};
  const timed = async (name: string, method: string, path: string, body?: unknown) => {
    const t = performance.now();
    const r = await send(method, path, body);
    lat[name] = [...(lat[name] ?? []), performance.now() - t];
    if (r.status >= 400) errors[name] = (errors[name] ?? 0) + 1;
  };
  try {
    /** The longest the event loop was held while `done` runs: the largest lateness of a 5 ms interval timer. */
    const longestHold = async (done: Promise<unknown>) => {
      let last = performance.now();
      let worst = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last - 5);
        last = now;
      }, 5);
      await done;
      clearInterval(timer);
      return Math.max(worst, performance.now() - last - 5);
    };
    // Each heavy read alone, five times after a warm-up: its time, and the longest the event loop was held while it
    // ran (what the read still does on the event loop; the idle broker's longest hold over 2 s is in the row too).
    const alone: Row[] = [];
    for (const [, method, path, body] of heavy) await send(method, path, body);
    const idle = await longestHold(new Promise((r) => setTimeout(r, 2000)));
    for (const [name, method, path, body] of heavy) {
      const ms: number[] = [];
      const beats: number[] = [];
      const busy: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const elu = performance.eventLoopUtilization();
        const read = send(method, path, body).then(() => ms.push(performance.now() - t));
        beats.push(await longestHold(read));
        busy.push(performance.eventLoopUtilization(elu).active);
      }
      alone.push({
        'reader threads': threads,
        op: `${name}, alone`,
        n: ms.length,
        p50: quantiles(ms).p50,
        max: Math.max(...ms),
        'event loop held, ms: median, max of 5 (idle)': `${quantiles(beats).p50.toFixed(0)}, ${Math.max(...beats).toFixed(0)} (${idle.toFixed(0)})`,
        // Time the event loop was busy (not waiting for I/O) during the request: the broker's work on it, and this
        // client's (small, the same in both settings). On a busy machine it is inflated, but alike for both settings.
        'event loop busy, ms: median': quantiles(busy).p50,
        load: load(),
      });
    }
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const elu0 = performance.eventLoopUtilization();
    const load0 = load();
    const until = performance.now() + o.seconds * 1000;
    const readers = [0, 1].map(async (k) => {
      for (let i = k; performance.now() < until; i++) {
        const [name, method, path, body] = heavy[i % heavy.length]!;
        await timed(name, method, path, body);
      }
    });
    let n = 0;
    const writer = (async () => {
      while (performance.now() < until) {
        n++;
        if (n % 2) {
          const s = 1 + (n % (o.services - 1));
          await timed(
            'write: record deployment (production)',
            'POST',
            `/pacticipants/${serviceName(s)}/versions/${lastVersion}/deployed-versions/environment/${PRODUCTION_UUID}`,
            {},
          );
        } else {
          const c = 1 + (n % 60);
          const p = providers[c]![0]!;
          const sha = pactContentHash(
            parsePact(realPact(serviceName(c), serviceName(p), contentRev(c, p, rounds - 1))),
          );
          await timed(
            'write: publish verification',
            'POST',
            `/pacts/provider/${serviceName(p)}/consumer/${serviceName(c)}/pact-version/${sha}/verification-results`,
            { success: true, providerApplicationVersion: `${rounds + n}.0.0`, providerVersionBranch: 'main' },
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const heart = (async () => {
      while (performance.now() < until) {
        await timed('heartbeat', 'GET', '/diagnostic/status/heartbeat');
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await Promise.all([...readers, writer, heart]);
    loop.disable();
    const utilisation = performance.eventLoopUtilization(elu0).utilization;
    const p99 = loop.percentile(99) / 1e6;
    const loadRun = `${load0} -> ${load()} (${availableParallelism()} cores)`;
    const rows: Row[] = [...alone];
    rows.push(
      ...Object.entries(lat).map(([op, ms]) => ({
        'reader threads': threads,
        op,
        ...quantiles(ms),
        ...(errors[op] ? { errors: errors[op] } : {}),
      })),
    );
    rows.push({
      'reader threads': threads,
      op: 'event-loop delay over the run (monitorEventLoopDelay)',
      p50: loop.percentile(50) / 1e6,
      p99,
      max: loop.max / 1e6,
      'event loop busy, share of the run': `${(utilisation * 100).toFixed(0)}%`,
      load: loadRun,
    });
    return rows;
  } finally {
    agent.destroy();
    await b.close();
  }
}

export async function run(options: ReadersOptions = {}): Promise<Row[]> {
  const o = { services: options.services ?? 300, versions: options.versions ?? 15_000, seconds: options.seconds ?? 30 };
  const dir = options.database ? undefined : mkdtempSync(join(tmpdir(), 'rollgate-readers-'));
  const database = options.database ?? join(dir!, 'rollgate.db');
  try {
    if (!options.database) {
      const counts = await build(database, o.services, o.versions, !process.env.BENCH_QUIET);
      if (!process.env.BENCH_QUIET) console.error(JSON.stringify(counts));
    }
    const rows: Row[] = [];
    for (const threads of options.threads ?? [0, 2]) {
      const r = await measure(database, threads, o);
      if (!process.env.BENCH_QUIET) for (const x of r) console.error(JSON.stringify(x));
      rows.push(...r);
    }
    return rows;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Flags of `npm run bench -- readers ...`. */
export function parseFlags(args: string[]): ReadersOptions {
  const o: ReadersOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--services') o.services = Number(value());
    else if (a === '--versions') o.versions = Number(value());
    else if (a === '--seconds') o.seconds = Number(value());
    else if (a === '--threads') o.threads = value().split(',').map(Number);
    else if (a === '--database') o.database = value();
    else throw new Error(`unknown flag ${a} (known: --services, --versions, --seconds, --threads, --database)`);
  }
  return o;
}
