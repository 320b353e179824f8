/**
 * Query plans of the gate reads (issue 15): a broker started in this process on a built organisation records
 * every SQL statement each request runs (its store's `read` and `write` wrapped, keyed by request id), then
 * each distinct statement is explained on the same database (PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)`; SQLite:
 * `EXPLAIN QUERY PLAN`) and checked for a full scan of a large table. Also times each request on both stores.
 *
 *   npm run bench -- org --database FILE-OR-URL --versions 15000 --explain   (EXPLAIN_PLANS=1 prints the plans)
 */
import pg from 'pg';
import { pino } from 'pino';
import { startBroker } from '../../broker/src/server.ts';
import { DEFAULT_RANDOM_PAGE_COST } from '../../broker/src/storage/postgres/postgres-store.ts';
import { toPgStatement } from '../../broker/src/storage/postgres/statements.ts';
import { all, sqlFor } from '../../broker/src/storage/sql.ts';
import { HUB, serviceName, versionNumber } from '../gate/synthetic-org.ts';
import { observingNamedReads, observingStatements, type StatementOp } from './observe-statements.ts';

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
  const seen = (id: string, op: StatementOp) => {
    const list = byRequest.get(id) ?? [];
    list.push({ sql: sqlFor(op.sql, d), params: op.params });
    byRequest.set(id, list);
  };
  const read = store.read.bind(store);
  store.read = observingStatements(read, seen);
  store.write = observingStatements(store.write.bind(store), seen);
  store.readNamed = observingNamedReads(store.readNamed.bind(store), seen);
  const rows: Record<string, unknown>[] = [];
  const raw = d === 'postgres' ? new pg.Client({ connectionString: database }) : undefined;
  await raw?.connect();
  const generic = raw && ((c: Captured) => genericPlan(raw, c));
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
      const genericScans: string[] = [];
      const plans: string[] = [];
      for (const c of distinct.values()) {
        if (!/^\s*SELECT/i.test(c.sql)) continue;
        const text =
          // The store rewrites the `?`s for PostgreSQL as it does for the read itself (lists as arrays: storage/postgres/statements.ts).
          d === 'postgres' ? `EXPLAIN (ANALYZE, BUFFERS) ${c.sql}` : `EXPLAIN QUERY PLAN ${c.sql}`;
        const plan = await read(function* () {
          return yield* all<Record<string, unknown>>(text, c.params as never);
        });
        const lines = plan.map((r) => String(r['QUERY PLAN'] ?? r.detail ?? JSON.stringify(r)));
        plans.push(`${c.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${lines.map((l) => `    ${l}`).join('\n')}`);
        scans.push(...largeScans(d, c.sql, lines));
        // PostgreSQL: the plan the broker's prepared statement runs when the read asks for generic plans
        // (storage/named-read.ts `genericPlans`): planned without the values, so it must use the indexes without them.
        if (generic) {
          const g = await generic(c);
          plans.push(`(generic plan)\n${g.map((l) => `    ${l}`).join('\n')}`);
          genericScans.push(...largeScans(d, c.sql, g));
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
        ...(generic ? { 'full scans, generic plans': genericScans.length } : {}),
        scans: [...scans, ...genericScans.map((x) => `generic ${x}`)].slice(0, 6).join(' | '),
        plans: plans.join('\n\n'),
      });
    }
  } finally {
    await raw?.end();
    await broker.close();
  }
  return rows;
}

/** Plan lines that read a large table whole (PostgreSQL names the table; SQLite the alias, read from the statement). */
function largeScans(d: string, sql: string, lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const m = d === 'postgres' ? /Seq Scan on (\w+)/.exec(l) : /^SCAN (\w+)$/.exec(l.trim());
    if (!m) continue;
    const table = d === 'postgres' ? m[1] : (new RegExp(`(\\w+)\\s+(?:AS\\s+)?${m[1]}\\b`, 'i').exec(sql)?.[1] ?? m[1]);
    if (LARGE_TABLES.includes(table) || LARGE_TABLES.includes(m[1])) out.push(`${table}: ${l.trim()}`);
  }
  return out;
}

/** A value as an untyped SQL literal (an array as PostgreSQL's array text), which takes the parameter's type. */
function literal(client: pg.Client, v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) {
    const item = (x: unknown) =>
      x === null || x === undefined ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    return client.escapeLiteral(`{${v.map(item).join(',')}}`);
  }
  return client.escapeLiteral(String(v));
}

/** A statement's generic plan, run with its values: prepared as the store prepares it, then EXPLAIN EXECUTE. */
async function genericPlan(client: pg.Client, c: Captured): Promise<string[]> {
  const { text, values } = toPgStatement(c.sql, c.params);
  // As the broker's sessions run it (its planner cost setting), in a read transaction as the read runs.
  await client.query(
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL random_page_cost = ${DEFAULT_RANDOM_PAGE_COST}`,
  );
  try {
    await client.query(`PREPARE rg_generic AS ${text}`);
    // EXECUTE takes its values as literals (a utility statement has no parameters to bind).
    const args = values.map((v) => literal(client, v)).join(', ');
    const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE rg_generic${values.length ? `(${args})` : ''}`);
    return r.rows.map((x: Record<string, unknown>) => String(x['QUERY PLAN']));
  } finally {
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
  }
}

/**
 * PostgreSQL against SQLite in one run (issue 15): a broker on each database (the same organisation built into
 * both) in this process, each gate request asked `rounds` times alternately of one and the other, so both see the
 * same machine load. Also times a bare round trip to PostgreSQL (`SELECT 1` in a read transaction), which is what
 * each statement of a read costs there beyond its work, and prints the load average.
 *
 *   npm run bench -- org --versions 15000 --database FILE --compare postgres://...   (`--rounds 15`)
 */
export async function compareGate(
  sqlite: string,
  postgres: string,
  versions: number,
  rounds = 15,
): Promise<Record<string, unknown>[]> {
  const { loadavg } = await import('node:os');
  const start = (database: string) =>
    startBroker(
      { port: 0, host: '127.0.0.1', database, logLevel: 'silent', precompute: false },
      { logger: pino({ level: 'silent' }) },
    );
  const brokers = { sqlite: await start(sqlite), postgres: await start(postgres) };
  const statements: Record<string, Record<string, number>> = { sqlite: {}, postgres: {} };
  for (const [name, broker] of Object.entries(brokers)) {
    const store = broker.deps.store;
    const count = (id: string) => {
      statements[name][id] = (statements[name][id] ?? 0) + 1;
    };
    store.read = observingStatements(store.read.bind(store), count);
    store.readNamed = observingNamedReads(store.readNamed.bind(store), count);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const rows: Record<string, unknown>[] = [];
  const load0 = loadavg()[0];
  try {
    const pg = brokers.postgres.deps.store;
    const trips: number[] = [];
    for (let k = 0; k < 50; k++) {
      const t = performance.now();
      await pg.read(function* () {
        return yield* all('SELECT 1 AS one');
      });
      trips.push(performance.now() - t);
    }
    let n = 0;
    for (const [name, [method, path, body]] of Object.entries(GATE_REQUESTS(versions))) {
      const times: Record<string, number[]> = { sqlite: [], postgres: [] };
      const ids: Record<string, string> = {};
      for (let k = 0; k <= rounds; k++) {
        for (const which of k % 2 ? (['postgres', 'sqlite'] as const) : (['sqlite', 'postgres'] as const)) {
          const id = `compare-${++n}`;
          ids[which] = id;
          const t = performance.now();
          const res = await fetch(`${brokers[which].url}${path}`, {
            method,
            headers: { accept: 'application/hal+json', 'content-type': 'application/json', 'x-request-id': id },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${name} on ${which}: ${res.status}`);
          // The first round of each is a warm-up.
          if (k > 0) times[which].push(performance.now() - t);
        }
      }
      const s = median(times.sqlite);
      const p = median(times.postgres);
      rows.push({
        request: name,
        rounds,
        'SQLite median ms': Math.round(s),
        'PostgreSQL median ms': Math.round(p),
        ratio: Number((p / s).toFixed(2)),
        'statements (SQLite / PostgreSQL)': `${statements.sqlite[ids.sqlite] ?? 0} / ${statements.postgres[ids.postgres] ?? 0}`,
      });
    }
    rows.push({
      request: `bare PostgreSQL read round trip (BEGIN, SELECT 1, COMMIT), median of 50: ${median(trips).toFixed(2)} ms`,
      'load avg': `${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`,
    });
  } finally {
    await brokers.sqlite.close();
    await brokers.postgres.close();
  }
  return rows;
}
