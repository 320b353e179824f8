/**
 * The version clean at scale (issue 17): the scale issue's synthetic organisation (bench/gate/synthetic-org.ts: every
 * service releases 8 versions, each deployed to production) cleaned with the keep selector `{"branch": true,
 * "latest": true}`, so what goes is every version that is neither a branch head nor current nor prior (6 of 8). While
 * it runs, a probe writes a version every 20 ms and records how long each write waited: the longest is the longest
 * pause a publish sees behind the clean. The can-i-rollback answer of the environment (any subset) is compared before
 * and after. Sizes: 150,000 versions on SQLite by default (ROLLGATE_BENCH_CLEAN_VERSIONS), 10,000 on PostgreSQL when
 * ROLLGATE_TEST_DATABASE_URL is set.
 */
import { performance } from 'node:perf_hooks';
import { cleanVersions } from '../../broker/src/retention/clean.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { ensureVersion } from '../../broker/src/repositories/versions.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { get } from '../../broker/src/storage/sql.ts';
import { adapters, startTestBroker } from '../../test/support/test-broker.ts';
import { loadOrg } from '../gate/synthetic-org.ts';

export interface CleanRow {
  adapter: string;
  versionsBefore: number;
  versionsRemoved: number;
  loadSeconds: number;
  cleanSeconds: number;
  batches: number;
  longestBatchMs: number;
  longestProbeWriteMs: number;
  probeWrites: number;
  dbMbBefore: number;
  dbMbAfter: number;
  rollbackAnswerSame: boolean;
}

const MB = 1024 * 1024;

async function dbBytes(store: Store): Promise<number> {
  if (store.dialect === 'sqlite') {
    // Bytes in use: SQLite keeps freed pages in the file (VACUUM returns them), so the file alone would not move.
    const row = await store.read(function* () {
      const pages = yield* get<{ page_count: number }>('PRAGMA page_count');
      const free = yield* get<{ freelist_count: number }>('PRAGMA freelist_count');
      const size = yield* get<{ page_size: number }>('PRAGMA page_size');
      return { pages: pages!.page_count, free: free!.freelist_count, size: size!.page_size };
    });
    return (row.pages - row.free) * row.size;
  }
  const row = await store.read(() =>
    get<{ n: number }>(
      `SELECT SUM(pg_total_relation_size(quote_ident(table_name))) AS n FROM information_schema.tables
       WHERE table_schema = current_schema()`,
    ),
  );
  return Number(row?.n ?? 0);
}

export async function run(options: { print?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const rows: CleanRow[] = [];
  for (const adapter of adapters()) {
    const versions = adapter === 'sqlite' ? Number(process.env.ROLLGATE_BENCH_CLEAN_VERSIONS ?? 150_000) : 10_000;
    const shape = { services: Math.ceil(versions / 8), integrations: 5, versions: 8 };
    const broker = await startTestBroker({ adapter, config: { precompute: false, rollbackReadiness: false } });
    try {
      const t0 = performance.now();
      const loaded = await loadOrg(broker.deps.store, shape);
      const loadSeconds = (performance.now() - t0) / 1000;
      const ask = async () => await (await fetch(`${broker.url}/can-i-rollback?environment=production`)).text();
      const answerBefore = await ask();
      const dbBytesBefore = await dbBytes(broker.deps.store);

      // The probe: a small write every 20 ms, timed from the call to its commit.
      const probe = await broker.deps.store.write(() => ensurePacticipant('probe'));
      let n = 0;
      let longest = 0;
      let stop = false;
      const probing = (async () => {
        while (!stop) {
          const t = performance.now();
          const i = n++;
          await broker.deps.store.write(() => ensureVersion(probe.id, `p${i}`));
          longest = Math.max(longest, performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const t1 = performance.now();
      const report = await cleanVersions(broker.deps.store, {
        // The probe's own versions stay, so what is removed is the organisation's.
        keep: [{ branch: true, latest: true }, { pacticipant: 'probe' }],
        deletionLimit: 1_000_000,
        batchSize: Number(process.env.ROLLGATE_BENCH_CLEAN_BATCH ?? 50),
        keepDeploymentHistory: false,
      });
      const cleanSeconds = (performance.now() - t1) / 1000;
      stop = true;
      await probing;
      const answerAfter = await ask();
      rows.push({
        adapter,
        versionsBefore: loaded.versions,
        versionsRemoved: report.versions,
        loadSeconds,
        cleanSeconds,
        batches: report.batches,
        longestBatchMs: report.longestBatchMs,
        longestProbeWriteMs: longest,
        probeWrites: n,
        dbMbBefore: Math.round((dbBytesBefore / MB) * 10) / 10,
        dbMbAfter: Math.round(((await dbBytes(broker.deps.store)) / MB) * 10) / 10,
        rollbackAnswerSame: answerBefore === answerAfter,
      });
      if (options.print) console.table(rows.slice(-1));
    } finally {
      await broker.destroy();
    }
  }
  return rows as unknown as Record<string, unknown>[];
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ print: true });
