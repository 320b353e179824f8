/**
 * Query plans of the gate reads (issue 15): a broker started in this process on a built organisation records
 * every SQL statement each request runs (its store's `read` and `write` wrapped, keyed by request id), then
 * each distinct statement is explained on the same database (PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)`; SQLite:
 * `EXPLAIN QUERY PLAN`) and checked for a full scan of a large table. Also times each request on both stores.
 *
 *   npm run bench -- org --database FILE-OR-URL --versions 15000 --explain   (EXPLAIN_PLANS=1 prints the plans)
 */
import { pino } from 'pino';
import { currentRequestId } from '../../broker/src/context/request-context.ts';
import { startBroker } from '../../broker/src/server.ts';
import { toPgPlaceholders } from '../../broker/src/storage/postgres/postgres-store.ts';
import { all, type Program, type SqlOp, sqlFor } from '../../broker/src/storage/sql.ts';
import { HUB, serviceName, versionNumber } from '../gate/synthetic-org.ts';

/** Tables that grow with history: a full scan of one is what must not happen. */
export const LARGE_TABLES = [
  'versions',
  'pact_publications',
  'pact_versions',
  'verifications',
  'deployed_versions',
  'tags',
  'branch_versions',
  'branches',
  'provider_contracts',
];

export const GATE_REQUESTS = (versions: number, services = 300): Record<string, [string, string, unknown?]> => {
  const last = versionNumber(Math.ceil(versions / services) - 1);
  return {
    'can-i-deploy': ['GET', `/can-i-deploy?pacticipant=${serviceName(1)}&version=${last}&environment=production`],
    'can-i-rollback one': ['GET', `/can-i-rollback?environment=production&pacticipant=${serviceName(1)}`],
    'can-i-rollback any-subset': ['GET', '/can-i-rollback?environment=production'],
    'can-i-rollback any-subset summary': ['GET', '/can-i-rollback?environment=production&detail=summary'],
    'pacts-for-verification hub': [
      'POST',
      `/pacts/provider/${serviceName(HUB)}/for-verification`,
      {
        providerVersionBranch: 'main',
        includePendingStatus: true,
        includeWipPactsSince: '2026-11-01T00:00:00Z',
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      },
    ],
    'matrix one pair': [
      'GET',
      `/matrix?q[][pacticipant]=${serviceName(1)}&q[][pacticipant]=${serviceName(HUB)}&limit=100`,
    ],
  };
};

interface Captured {
  sql: string;
  params: unknown[];
}

export async function explainGate(database: string, versions: number): Promise<Record<string, unknown>[]> {
  const broker = await startBroker(
    { port: 0, host: '127.0.0.1', database, logLevel: 'silent', precompute: false },
    { logger: pino({ level: 'silent' }) },
  );
  const store = broker.deps.store;
  const d = store.dialect;
  const byRequest = new Map<string, Captured[]>();
  const wrap = (fn: typeof store.read) =>
    (<T>(program: () => Program<T>): Promise<T> => {
      const id = currentRequestId();
      if (!id) return fn(program);
      return fn(function* () {
        const g = program();
        let input: unknown;
        let failed = false;
        for (;;) {
          const r = failed ? g.throw(input) : g.next(input);
          if (r.done) return r.value;
          const op = r.value as SqlOp;
          if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') {
            const list = byRequest.get(id) ?? [];
            list.push({ sql: sqlFor(op.sql, d), params: op.params });
            byRequest.set(id, list);
          }
          try {
            input = yield op;
            failed = false;
          } catch (e) {
            input = e;
            failed = true;
          }
        }
      });
    }) as typeof store.read;
  const read = store.read.bind(store);
  store.read = wrap(read);
  store.write = wrap(store.write.bind(store));
  const rows: Record<string, unknown>[] = [];
  try {
    let n = 0;
    for (const [name, [method, path, body]] of Object.entries(GATE_REQUESTS(versions))) {
      const times: number[] = [];
      let status = 0;
      let id = '';
      for (let k = 0; k < 4; k++) {
        id = `explain-${++n}`;
        byRequest.delete(id);
        const t = performance.now();
        const res = await fetch(`${broker.url}${path}`, {
          method,
          headers: { accept: 'application/hal+json', 'content-type': 'application/json', 'x-request-id': id },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        await res.arrayBuffer();
        status = res.status;
        times.push(performance.now() - t);
      }
      // The last run is warm (a cached can-i-rollback answer runs only the stamp query).
      const first = byRequest.get(`explain-${n - 3}`) ?? [];
      const distinct = new Map<string, Captured>();
      for (const c of first) if (!distinct.has(c.sql)) distinct.set(c.sql, c);
      const scans: string[] = [];
      const plans: string[] = [];
      for (const c of distinct.values()) {
        if (!/^\s*SELECT/i.test(c.sql)) continue;
        const text =
          d === 'postgres' ? `EXPLAIN (ANALYZE, BUFFERS) ${toPgPlaceholders(c.sql)}` : `EXPLAIN QUERY PLAN ${c.sql}`;
        const plan = await read(function* () {
          return yield* all<Record<string, unknown>>(text, c.params as never);
        });
        const lines = plan.map((r) => String(r['QUERY PLAN'] ?? r.detail ?? JSON.stringify(r)));
        plans.push(`${c.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${lines.map((l) => `    ${l}`).join('\n')}`);
        for (const l of lines) {
          // PostgreSQL names the table; SQLite names the alias, so the table is read from the statement.
          const m = d === 'postgres' ? /Seq Scan on (\w+)/.exec(l) : /^SCAN (\w+)$/.exec(l.trim());
          if (!m) continue;
          const table =
            d === 'postgres' ? m[1] : (new RegExp(`(\\w+)\\s+(?:AS\\s+)?${m[1]}\\b`, 'i').exec(c.sql)?.[1] ?? m[1]);
          if (LARGE_TABLES.includes(table) || LARGE_TABLES.includes(m[1])) scans.push(`${table}: ${l.trim()}`);
        }
      }
      const sorted = [...times].sort((a, b) => a - b);
      rows.push({
        adapter: d,
        versions,
        request: name,
        status,
        'first ms': Math.round(times[0]),
        'median of 4 ms': Math.round(sorted[1] + (sorted[2] - sorted[1]) / 2),
        statements: first.length,
        'distinct SELECTs': [...distinct.values()].filter((c) => /^\s*SELECT/i.test(c.sql)).length,
        'full scans of large tables': scans.length,
        scans: scans.slice(0, 6).join(' | '),
        plans: plans.join('\n\n'),
      });
    }
  } finally {
    await broker.close();
  }
  return rows;
}
