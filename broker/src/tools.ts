/**
 * The offline tools' entry into the broker (`rollgate export`, `import`, `clean`): they open the database directly,
 * like `rollgate serve` does through server.ts, and nothing else of the broker is loaded. Each opens the store
 * (migrating it, as the broker would), runs, and closes it.
 */
import { closeSync, createReadStream, openSync } from 'node:fs';
import { configFromEnv } from './config.ts';
import { cleanSettings, cleanVersions, type CleanedVersion, type CleanReport } from './retention/clean.ts';
import type { Store } from './storage/port.ts';
import { openStore } from './storage/open-store.ts';
import type { Counts } from './transfer/records.ts';
import { exportToFd, importStream, type ImportSummary } from './transfer/stream.ts';

export { KeepSelectorError } from './retention/keep-selectors.ts';
export { StreamError } from './transfer/stream.ts';
export { MissingReferenceError } from './transfer/writer.ts';

async function withStore<T>(database: string, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(database);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/** Writes the whole broker as NDJSON to `output` (a file, replaced), or to stdout. */
export function exportDatabase(database: string, output?: string): Promise<Counts> {
  return withStore(database, async (store) => {
    if (!output) return exportToFd(store, 1);
    const fd = openSync(output, 'w', 0o600);
    try {
      return await exportToFd(store, fd);
    } finally {
      closeSync(fd);
    }
  });
}

/** Reads an export file (or stdin for `-`) into the database. */
export function importDatabase(database: string, file: string): Promise<ImportSummary> {
  return withStore(database, (store) => importStream(store, file === '-' ? process.stdin : createReadStream(file)));
}

export {
  importFromPactBroker,
  KINDS as PB_IMPORT_KINDS,
  SourceError,
} from './pb-import/run.ts';

/**
 * The version clean, once (`rollgate clean`), with the ROLLGATE_CLEAN_* settings of `env` (the broker's own), the
 * keep selectors and limit overridable. Throws KeepSelectorError for a bad setting.
 */
export function cleanDatabase(
  database: string,
  opts: {
    env: Record<string, string | undefined>;
    keep?: string;
    limit?: number;
    dryRun?: boolean;
    onVersion?: (v: CleanedVersion) => void;
  },
): Promise<CleanReport> {
  const config = configFromEnv(opts.env);
  const settings = cleanSettings({
    cleanKeepVersionSelectors: opts.keep ?? config.cleanKeepVersionSelectors,
    cleanDeletionLimit: opts.limit ?? config.cleanDeletionLimit,
    cleanBatchSize: config.cleanBatchSize,
    cleanKeepDeploymentHistory: config.cleanKeepDeploymentHistory,
  });
  return withStore(database, (store) =>
    cleanVersions(store, settings, { dryRun: opts.dryRun, onVersion: opts.onVersion }),
  );
}
