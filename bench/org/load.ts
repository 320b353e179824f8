/**
 * The mixed open-loop load of `npm run bench -- org` (issue 15): Poisson arrivals per operation at the
 * issue's rates against `rollgate serve` (a child process on the built database), from this one lean
 * client (node:http, keep-alive, bodies discarded). Every 5 s it samples the broker's /metrics (event-loop
 * delay p99, RSS) and the background backlog (queued/running jobs, pending outbox rows, read from the
 * database). After the load it waits for the backlog to drain and times single requests of each read
 * (unloaded), which is what the read-growth ratio between sizes compares.
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';
import { startChildBroker, stopChildBroker } from '../../test/support/child-broker.ts';
import {
  contentRev,
  ENVIRONMENTS,
  HUB,
  realPact,
  realProviders,
  serviceName,
  versionNumber,
} from '../gate/synthetic-org.ts';

type Row = Record<string, unknown>;

/** Arrivals per second (the mix). */
export const RATES: Record<string, number> = {
  publish: 5,
  verification: 5,
  deployment: 0.5,
  'can-i-deploy': 2,
  'can-i-rollback one': 0.5,
  'can-i-rollback any-subset': 0.1,
  'pacts-for-verification': 0.5,
  page: 0.2,
};

/** What the Verifier sends: main branch and deployed versions, pending and WIP. */
const PFV_BODY = {
  providerVersionBranch: 'main',
  includePendingStatus: true,
  // Work in progress from the last 30 days, as a team would set it.
  includeWipPactsSince: new Date(Date.now() - 30 * 86_400_000).toISOString(),
  consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
};

/** Requests of each single read after the drain (the read-growth figures). */
const SINGLE_READS = 15;

const ENV_UUID = (k: number) => `c0ffee00-0000-4000-8000-00000000000${k + 1}`;

interface Sample {
  t: number;
  queued: number;
  running: number;
  failed: number;
  outbox: number;
  oldestQueuedS: number;
  loopP99Ms?: number;
  rssMb?: number;
}

/** Count, median, p95, p99 and maximum of a list of durations (nearest rank). */
export function quantiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1) ?? Number.NaN };
}

/** Backlog reader: a separate read-only connection to the broker's database. */
async function backlogReader(
  database: string,
): Promise<{ read: () => Promise<Omit<Sample, 't'>>; close: () => Promise<void> }> {
  const JOBS =
    "SELECT status, COUNT(*) AS n, MIN(CASE WHEN status = 'queued' THEN created_at END) AS oldest FROM jobs GROUP BY status";
  const OUTBOX = "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'";
  const shape = (rows: { status: string; n: number | string; oldest: string | null }[], outbox: number) => {
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const oldest = rows.find((r) => r.status === 'queued')?.oldest;
    return {
      queued: by.queued ?? 0,
      running: by.running ?? 0,
      failed: by.failed ?? 0,
      outbox,
      oldestQueuedS: oldest ? Math.round((Date.now() - Date.parse(oldest)) / 1000) : 0,
    };
  };
  if (/^postgres/.test(database)) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: database });
    await c.connect();
    return {
      read: async () => shape((await c.query(JOBS)).rows, Number((await c.query(OUTBOX)).rows[0].n)),
      close: () => c.end(),
    };
  }
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(database, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return {
    read: async () => shape(db.prepare(JOBS).all() as never, (db.prepare(OUTBOX).get() as { n: number }).n),
    close: async () => void db.close(),
  };
}

function metric(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

export async function measure(
  database: string,
  o: {
    versions: number;
    services?: number;
    seconds: number;
    print?: boolean;
    env?: Record<string, string>;
    /** Print every request of the load slower than this, with when it was sent (to find what a stall held up). */
    slowMs?: number;
    /** Run the broker from the package build (dist/), not by tsx, with the Docker image's environment. */
    built?: boolean;
  },
): Promise<Row[]> {
  const services = o.services ?? 300;
  const rounds = Math.ceil(o.versions / services);
  const lastVersion = versionNumber(rounds - 1);
  const providers = realProviders({ services, versions: o.versions });
  const providerIds = [...new Set(providers.flat())];
  const consumers = providers.map((ps, i) => (ps.length ? i : -1)).filter((i) => i >= 0);
  // `--built`: the package build with the environment the Docker image sets (Dockerfile), as a deployment runs it.
  const image: Record<string, string> = o.built ? { NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' } : {};
  const b = await startChildBroker(
    database,
    { ROLLGATE_LOG_LEVEL: 'error', ...image, ...(o.env ?? {}) },
    { built: o.built },
  );
  const { hostname, port } = new URL(b.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const backlog = await backlogReader(database);
  const rows: Row[] = [];
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; bytes: number; text?: string }>((resolve, reject) => {
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
          let bytes = 0;
          const keep = path === '/metrics';
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => {
            bytes += d.length;
            if (keep) parts.push(d);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, bytes, text: keep ? Buffer.concat(parts).toString() : undefined }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(120_000, () => req.destroy(new Error('client timeout after 120 s')));
      req.end(text);
    });

  let n = 0;
  const published: { c: number; p: number; sha: string; version: string }[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64');
  const shaOf = (json: unknown) => pactContentHash(parsePact(json));
  /** Each operation's request (path, body); writes remember what they made for later operations. */
  const ops: Record<string, () => [string, string, unknown?]> = {
    publish: () => {
      const c = pick(consumers);
      const version = `${rounds + 1 + ++n}.0.0`;
      const contracts = providers[c].map((p) => {
        const rev = Math.random() < 0.1 ? 100_000 + n : contentRev(c, p, rounds - 1);
        const json = realPact(serviceName(c), serviceName(p), rev);
        published.push({ c, p, sha: shaOf(json), version });
        return {
          consumerName: serviceName(c),
          providerName: serviceName(p),
          specification: 'pact',
          contentType: 'application/json',
          content: b64(json),
        };
      });
      if (published.length > 2000) published.splice(0, published.length - 2000);
      return [
        'POST',
        '/contracts/publish',
        { pacticipantName: serviceName(c), pacticipantVersionNumber: version, branch: 'main', contracts },
      ];
    },
    verification: () => {
      let c: number;
      let p: number;
      let sha: string;
      if (published.length && Math.random() < 0.8) ({ c, p, sha } = pick(published));
      else {
        c = pick(consumers);
        p = pick(providers[c]);
        sha = shaOf(realPact(serviceName(c), serviceName(p), contentRev(c, p, rounds - 1)));
      }
      return [
        'POST',
        `/pacts/provider/${serviceName(p)}/consumer/${serviceName(c)}/pact-version/${sha}/verification-results`,
        {
          success: Math.random() > 0.02,
          providerApplicationVersion: `${rounds + 1 + ++n}.0.0`,
          providerVersionBranch: 'main',
          verifiedBy: { implementation: 'Pact-JS', version: '13' },
        },
      ];
    },
    deployment: () => {
      const recent = published.length && Math.random() < 0.7 ? pick(published) : undefined;
      const service = recent ? recent.c : Math.floor(Math.random() * services);
      const version = recent ? recent.version : lastVersion;
      const k = Math.random() < 0.6 ? 0 : Math.random() < 0.6 ? 1 : 2;
      return [
        'POST',
        `/pacticipants/${serviceName(service)}/versions/${version}/deployed-versions/environment/${ENV_UUID(k)}`,
        {},
      ];
    },
    'can-i-deploy': () => [
      'GET',
      `/can-i-deploy?pacticipant=${serviceName(Math.floor(Math.random() * services))}&version=${lastVersion}&environment=production`,
    ],
    'can-i-rollback one': () => [
      'GET',
      `/can-i-rollback?environment=production&pacticipant=${serviceName(Math.floor(Math.random() * services))}`,
    ],
    'can-i-rollback any-subset': () => ['GET', '/can-i-rollback?environment=production'],
    'pacts-for-verification': () => [
      'POST',
      `/pacts/provider/${serviceName(Math.random() < 0.2 ? HUB : pick(providerIds))}/for-verification`,
      PFV_BODY,
    ],
    page: () =>
      pick([
        ['GET', '/ui/graph'],
        ['GET', '/ui/'],
        ['GET', `/ui/environments/${ENVIRONMENTS[2].name}`],
        ['GET', `/ui/pacticipants/${serviceName(HUB)}`],
        ['GET', `/ui/matrix/provider/${serviceName(HUB)}/consumer/${serviceName(1)}`],
      ] as [string, string][]),
  };

  const started = performance.now();
  const lat: Record<string, number[]> = {};
  const statuses: Record<string, Record<string, number>> = {};
  const samples: Sample[] = [];
  const inflight = new Set<Promise<void>>();
  const fire = (op: string) => {
    const [method, path, body] = ops[op]();
    const t = performance.now();
    const count = (outcome: string | number) => {
      statuses[op] = statuses[op] ?? {};
      statuses[op][outcome] = (statuses[op][outcome] ?? 0) + 1;
    };
    const pr = send(method, path, body).then(
      (r) => {
        lat[op] = lat[op] ?? [];
        lat[op].push(performance.now() - t);
        const ms = performance.now() - t;
        if (o.slowMs !== undefined && ms > o.slowMs)
          console.error(
            `  slow: ${op} sent at ${((t - started) / 1000).toFixed(1)} s took ${Math.round(ms)} ms: ${path}`,
          );
        count(r.status);
      },
      (e: Error) => count(e.message),
    );
    const tracked = pr.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  };
  const sample = async (t0: number) => {
    const s: Sample = { t: Math.round((performance.now() - t0) / 1000), ...(await backlog.read()) };
    try {
      const m = await send('GET', '/metrics');
      const p99 = m.text ? metric(m.text, 'rollgate_nodejs_eventloop_lag_p99_seconds') : undefined;
      const rss = m.text ? metric(m.text, 'rollgate_process_resident_memory_bytes') : undefined;
      if (p99 !== undefined) s.loopP99Ms = Math.round(p99 * 1000);
      if (rss !== undefined) s.rssMb = Math.round(rss / 2 ** 20);
    } catch {
      // the broker is busy: the sample has only the backlog
    }
    samples.push(s);
    if (o.print) console.error(`  ${JSON.stringify(s)}`);
  };

  /** Seconds until nothing is queued or running (up to 120 s; '>120' past that). */
  const drain = async (): Promise<number | string> => {
    const start = performance.now();
    while (performance.now() - start < 120_000) {
      const bl = await backlog.read();
      if (!bl.queued && !bl.running && !bl.outbox) return Math.round((performance.now() - start) / 100) / 10;
      await new Promise((r) => setTimeout(r, 1000));
    }
    return '>120';
  };

  try {
    // Without a load (`--reads-only`) the start's backlog (a built organisation's evidence, ~2,500 jobs at 150,000
    // versions) is drained first too: the single reads are measured on a quiet broker at every size, as labelled.
    if (o.seconds <= 0) {
      const drained = await drain();
      if (o.print) console.error(`  start backlog drained after ${drained} s`);
    }
    if (o.seconds > 0) {
      const loadBefore = loadavg()[0];
      await send('GET', '/metrics'); // resets the broker's event-loop histogram
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const until = t0 + o.seconds * 1000;
      const timers = Object.entries(RATES).map(async ([op, rate]) => {
        let next = t0 - Math.log(1 - Math.random()) * (1000 / rate);
        while (next < until) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          fire(op);
          next += -Math.log(1 - Math.random()) * (1000 / rate);
        }
      });
      const sampler = (async () => {
        while (performance.now() < until) {
          await new Promise((r) => setTimeout(r, 5000));
          await sample(t0);
        }
      })();
      await Promise.all([...timers, sampler]);
      await Promise.all(inflight);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const clientCpu = ((cpu.user + cpu.system) / 1000 / wall) * 100;
      const loadAfter = loadavg()[0];
      // Drain: how long after the load stops until nothing is queued or running (up to 120 s).
      const drainedS = await drain();
      for (const [op, ms] of Object.entries(lat)) {
        const q = quantiles(ms);
        rows.push({
          phase: `load ${o.seconds} s`,
          versions: o.versions,
          operation: op,
          'rate /s': RATES[op],
          requests: q.n,
          'p50 ms': Math.round(q.p50),
          'p95 ms': Math.round(q.p95),
          'max ms': Math.round(q.max),
          statuses: Object.entries(statuses[op] ?? {})
            .map(([s, c]) => `${s}:${c}`)
            .join(' '),
        });
      }
      const loop = samples.map((s) => s.loopP99Ms).filter((x): x is number => x !== undefined);
      const rss = samples.map((s) => s.rssMb).filter((x): x is number => x !== undefined);
      rows.push({
        phase: `load ${o.seconds} s summary`,
        versions: o.versions,
        'event-loop p99 ms (max of 5 s windows)': loop.length ? Math.max(...loop) : 'n/a',
        'event-loop p99 ms (median window)': loop.length ? quantiles(loop).p50 : 'n/a',
        'RSS MB max': rss.length ? Math.max(...rss) : 'n/a',
        'backlog max queued': Math.max(0, ...samples.map((s) => s.queued)),
        'backlog at end': samples.at(-1) ? `${samples.at(-1)!.queued} queued, ${samples.at(-1)!.outbox} events` : '',
        'drained after s': drainedS,
        'client CPU %': Math.round(clientCpu),
        'load avg': `${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`,
        backlog: samples.map((s) => `${s.t}s:${s.queued}q/${s.running}r/${s.outbox}e`).join(' '),
      });
    }
    // Unloaded single reads (after the drain): the read-growth figures.
    const reads: Record<string, [string, string, unknown?]> = {
      'can-i-deploy': [
        'GET',
        `/can-i-deploy?pacticipant=${serviceName(1)}&version=${lastVersion}&environment=production`,
      ],
      'can-i-rollback one': ['GET', `/can-i-rollback?environment=production&pacticipant=${serviceName(1)}`],
      'can-i-rollback any-subset': ['GET', '/can-i-rollback?environment=production'],
      'can-i-rollback any-subset summary': ['GET', '/can-i-rollback?environment=production&detail=summary'],
      'pacts-for-verification hub': ['POST', `/pacts/provider/${serviceName(HUB)}/for-verification`, PFV_BODY],
      'matrix one pair (UI)': ['GET', `/ui/matrix/provider/${serviceName(HUB)}/consumer/${serviceName(1)}`],
      // The history of a pair (every verification its own row; paged) and the pair's matrix by cvpv, as the API lists them.
      'matrix history of a pair': [
        'GET',
        `/matrix?q[][pacticipant]=${serviceName(1)}&q[][pacticipant]=${serviceName(HUB)}&limit=100`,
      ],
      'matrix of a pair (cvpv)': ['GET', `/matrix/provider/${serviceName(HUB)}/consumer/${serviceName(1)}`],
      'graph page': ['GET', '/ui/graph'],
      'pacticipant page (hub)': ['GET', `/ui/pacticipants/${serviceName(HUB)}`],
    };
    for (const [name, [method, path, body]] of Object.entries(reads)) {
      const ms: number[] = [];
      let bytes = 0;
      let status = 0;
      // 15 requests each: the first is the cold one; the median of 15 is steadier than of 5 on a shared machine.
      for (let i = 0; i < SINGLE_READS; i++) {
        const t = performance.now();
        const r = await send(method, path, body);
        ms.push(performance.now() - t);
        bytes = r.bytes;
        status = r.status;
      }
      const q = quantiles(ms);
      rows.push({
        phase: 'single reads after drain',
        versions: o.versions,
        operation: name,
        status,
        'first ms': Math.round(ms[0]),
        'median ms': Math.round(q.p50),
        'max ms': Math.round(q.max),
        'answer KB': Math.round(bytes / 1024),
        'load avg': loadavg()[0].toFixed(1),
      });
    }
  } finally {
    agent.destroy();
    await backlog.close();
    await stopChildBroker(b);
  }
  return rows;
}
