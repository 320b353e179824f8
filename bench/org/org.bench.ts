/**
 * `npm run bench -- org [--services 300] [--versions 150000] [--database FILE|postgres://...] [--build-only]
 * [--seconds 120] [--sizes 15000,150000] [--explain] [--compare FILE|URL [--rounds 15]] [--slow MS] [--built]`: builds a realistic organisation (bench/gate/synthetic-org.ts
 * `buildRealOrg`) through the store, then starts `rollgate serve` on it and drives a mixed open-loop load over
 * HTTP (bench/org/load.ts). With `--sizes` it builds and measures each size in one run (read growth).
 * `--build-only` leaves the database for anyone to start a broker on. `--built` runs the broker from `npm run build`'s
 * dist/ with the Docker image's environment (NODE_ENV=production, MALLOC_ARENA_MAX=2) instead of by tsx: the memory
 * figure of the shipped artifact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../../broker/src/storage/open-store.ts';
import { buildRealOrg, type RealOrgCounts } from '../gate/synthetic-org.ts';

type Row = Record<string, unknown>;

export interface OrgOptions {
  services?: number;
  versions?: number;
  sizes?: number[];
  database?: string;
  buildOnly?: boolean;
  /** Statements per write and single reads only, no load (the read-growth figures). */
  readsOnly?: boolean;
  /** Explain every statement of the gate reads (bench/org/explain.ts) instead of the load. */
  explain?: boolean;
  /** The same organisation in another database (a PostgreSQL URL naming its schema): the gate reads timed on both, alternately. */
  compare?: string;
  /** Requests of each gate read per database with `--compare` (default 15). */
  rounds?: number;
  /** ROLLGATE_PRECOMPUTE of the broker under measurement (default on). */
  precompute?: boolean;
  seconds?: number;
  print?: boolean;
  /** `--slow MS`: print each request of the load slower than MS, with when it was sent. */
  slowMs?: number;
  /** `--built`: run the broker from the package build (`npm run build`: dist/) with the Docker image's environment. */
  built?: boolean;
}

export async function build(
  database: string,
  services: number,
  versions: number,
  print = true,
): Promise<RealOrgCounts> {
  const store = await openStore(database);
  try {
    let last = 0;
    return await buildRealOrg(store, { services, versions }, (r, n) => {
      const pct = Math.floor((r / n) * 10);
      if (print && pct !== last) {
        last = pct;
        console.error(`  built ${r}/${n} rounds (load ${loadavg()[0].toFixed(1)})`);
      }
    });
  } finally {
    await store.close();
  }
}

/** Statements per write (in this process), then the open-loop load against a child broker. */
async function measureOrg(database: string, versions: number, options: OrgOptions): Promise<Row[]> {
  if (options.compare) {
    const { compareGate } = await import('./explain.ts');
    const pg = /^postgres/.test(database);
    return compareGate(pg ? options.compare : database, pg ? database : options.compare, versions, options.rounds);
  }
  if (options.explain) {
    const { explainGate } = await import('./explain.ts');
    const rows = await explainGate(database, versions);
    if (process.env.EXPLAIN_PLANS) for (const r of rows) console.error(`${r.request}:\n${r.plans}`);
    return rows.map(({ plans: _, ...r }) => ({ phase: 'explain', ...r }));
  }
  const { countStatements } = await import('./statements.ts');
  const rows = await countStatements(database, versions, options.services ?? 300);
  if (!process.env.BENCH_QUIET) for (const r of rows) console.error(JSON.stringify(r));
  const { measure } = await import('./load.ts');
  rows.push(
    ...(await measure(database, {
      versions,
      services: options.services,
      seconds: options.readsOnly ? 0 : (options.seconds ?? 120),
      print: !process.env.BENCH_QUIET,
      env: options.precompute === false ? { ROLLGATE_PRECOMPUTE: 'false' } : {},
      ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
      built: options.built === true,
    })),
  );
  return rows;
}

async function versionCount(database: string): Promise<number> {
  const store = await openStore(database);
  try {
    const { all } = await import('../../broker/src/storage/sql.ts');
    return (
      await store.read(function* () {
        return yield* all<{ n: number }>('SELECT COUNT(*) AS n FROM versions');
      })
    )[0].n;
  } finally {
    await store.close();
  }
}

async function freshDatabase(
  spec: string | undefined,
  label: string,
): Promise<{ location: string; drop: () => Promise<void> }> {
  if (spec && /^postgres(ql)?:\/\//.test(spec)) {
    // A URL that already names its schema (`?options=-c search_path=...`, as `--build-only` prints) is used as it is.
    if (/search_path/.test(decodeURIComponent(spec))) return { location: spec, drop: async () => undefined };
    const { freshPostgresUrl } = await import('../../test/support/postgres.ts');
    const fresh = await freshPostgresUrl(spec);
    return { location: fresh.url, drop: fresh.drop };
  }
  if (spec) return { location: spec, drop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), `rollgate-org-${label}-`));
  return { location: join(dir, 'rollgate.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function run(options: OrgOptions = {}): Promise<Row[]> {
  const services = options.services ?? 300;
  const sizes = options.sizes ?? [options.versions ?? 150_000];
  const rows: Row[] = [];
  for (const versions of sizes) {
    const db = await freshDatabase(options.database, String(versions));
    try {
      const load0 = loadavg()[0];
      if (options.database && !options.buildOnly && (await versionCount(db.location)) > 0) {
        // An organisation built before (`--build-only --database FILE`): measured as it is.
        if (!process.env.BENCH_QUIET) console.error(`measuring the organisation already in ${db.location}`);
        rows.push(...(await measureOrg(db.location, versions, options)));
        continue;
      }
      const counts = await build(db.location, services, versions, !process.env.BENCH_QUIET);
      rows.push({
        phase: 'build',
        database: /^postgres/.test(db.location) ? 'postgres' : 'sqlite',
        ...counts,
        seconds: Math.round(counts.seconds),
        'load avg': `${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`,
      });
      if (!process.env.BENCH_QUIET) console.error(JSON.stringify(rows.at(-1)));
      if (options.buildOnly) {
        if (!process.env.BENCH_QUIET) console.error(`left the organisation in ${db.location}`);
        continue;
      }
      rows.push(...(await measureOrg(db.location, versions, options)));
    } finally {
      if (!options.database || (!options.buildOnly && /^postgres/.test(db.location))) await db.drop();
    }
  }
  return rows;
}

/** Flags of `npm run bench -- org ...` (bench/run.ts hands them over). */
export function parseFlags(args: string[]): OrgOptions {
  const o: OrgOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--services') o.services = Number(value());
    else if (a === '--versions') o.versions = Number(value());
    else if (a === '--sizes') o.sizes = value().split(',').map(Number);
    else if (a === '--database') o.database = value();
    else if (a === '--seconds') o.seconds = Number(value());
    else if (a === '--build-only') o.buildOnly = true;
    else if (a === '--reads-only') o.readsOnly = true;
    else if (a === '--explain') o.explain = true;
    else if (a === '--compare') o.compare = value();
    else if (a === '--rounds') o.rounds = Number(value());
    else if (a === '--precompute') o.precompute = value() !== 'off';
    else if (a === '--slow') o.slowMs = Number(value());
    else if (a === '--built') o.built = true;
    else
      throw new Error(
        `unknown flag ${a} (known: --services, --versions, --sizes, --database, --seconds, --build-only, --reads-only, --explain, --compare URL-OR-FILE, --rounds, --precompute on|off, --slow MS, --built)`,
      );
  }
  return o;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run({ ...parseFlags(process.argv.slice(2)), print: true });
  console.log(JSON.stringify(rows, null, 1));
}
