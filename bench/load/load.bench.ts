/**
 * `npm run bench load`: 200 concurrent clients for 60 s against `rollgate serve` (a child process, SQLite, static
 * evidence on), then the same with idle pauses under Node's old 5 s keep-alive and under the broker's 65 s, to show
 * where connections are reset. BENCH_QUICK=1: 50 clients for 10 s. Figures go in docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startChildBroker, stopChildBroker } from '../../test/support/child-broker.ts';
import { runLoad } from './scenario.ts';

type Row = Record<string, unknown>;

async function phase(
  name: string,
  opts: { clients: number; seconds: number; thinkMs?: number; env?: Record<string, string> },
): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-load-'));
  const b = await startChildBroker(join(dir, 'rollgate.db'), opts.env);
  try {
    const env = await b.api.post('/environments', { name: 'production', production: true });
    const load = await runLoad({
      url: b.url,
      clients: opts.clients,
      seconds: opts.seconds,
      thinkMs: opts.thinkMs,
      environmentUuid: env.body.uuid,
    });
    return {
      phase: name,
      clients: opts.clients,
      seconds: opts.seconds,
      requests: load.requests,
      '5xx': load.serverErrors,
      resets: load.resets,
      'write p50 ms': Math.round(load.writes.p50),
      'write p99 ms': Math.round(load.writes.p99),
      'write max ms': Math.round(load.writes.max),
      'read p99 ms': Math.round(load.reads.p99),
      'heartbeat p99 ms': Math.round(load.heartbeat.p99),
      'heartbeat max ms': Math.round(load.heartbeat.max),
      load: loadavg()[0].toFixed(1),
      'p99 by operation': Object.entries(load.byOperation)
        .map(([op, l]) => `${op} ${Math.round(l.p99)}`)
        .join(', '),
      other: load.otherErrors.slice(0, 2).join('; '),
    };
  } finally {
    await stopChildBroker(b);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(options: { print?: boolean } = {}): Promise<Row[]> {
  const quick = process.env.BENCH_QUICK === '1';
  const clients = quick ? 50 : 200;
  const seconds = quick ? 10 : 60;
  const rows = [await phase('busy clients, defaults', { clients, seconds })];
  if (options.print) console.log(JSON.stringify(rows[0]));
  if (process.env.BENCH_LOAD_ONLY_BUSY === '1') return rows;
  // Idle gaps around 5 s: a client (or balancer) reuses a connection just as the server's keep-alive closes it.
  const idle = { clients: quick ? 50 : 100, seconds: quick ? 15 : 30, thinkMs: 10_000 };
  rows.push(
    await phase('idle gaps, keep-alive 5 s (Node default)', {
      ...idle,
      env: { ROLLGATE_KEEP_ALIVE_TIMEOUT_MS: '5000', ROLLGATE_HEADERS_TIMEOUT_MS: '6000' },
    }),
  );
  rows.push(await phase('idle gaps, keep-alive 65 s (rollgate default)', idle));
  if (options.print) for (const r of rows.slice(1)) console.log(JSON.stringify(r));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run({ print: true });
