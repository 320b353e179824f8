import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The storage adapters a test can run on. */
export type Adapter = 'sqlite' | 'postgres';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALL: Adapter[] = ['sqlite', 'postgres'];

/**
 * The adapters to run adapter-parameterised tests on: SQLite always, PostgreSQL when
 * ROLLGATE_TEST_DATABASE_URL is set. ROLLGATE_TEST_ADAPTERS (a comma list, `sqlite` in the fast lane)
 * narrows them. Called where a test file declares its suites, it also declares, once per file, a
 * visible pending test `[postgres] <file>` saying why the PostgreSQL half did not run: that half never
 * disappears without a word. Title each suite with `[${adapter}]` so the report names the adapter.
 */
export function adapters(): Adapter[] {
  const chosen = selected();
  const skipped = ALL.filter((a) => !chosen.includes(a));
  for (const adapter of skipped) announceNotRun(adapter, reasonNotRun(adapter));
  return chosen;
}

function selected(): Adapter[] {
  const wanted = process.env.ROLLGATE_TEST_ADAPTERS?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const a of wanted ?? [])
    if (!ALL.includes(a as Adapter))
      throw new Error(`ROLLGATE_TEST_ADAPTERS: unknown adapter "${a}" (sqlite, postgres)`);
  return ALL.filter(
    (a) => (wanted ? wanted.includes(a) : true) && (a !== 'postgres' || !!process.env.ROLLGATE_TEST_DATABASE_URL),
  );
}

function reasonNotRun(adapter: Adapter): string {
  if (process.env.ROLLGATE_TEST_ADAPTERS && !process.env.ROLLGATE_TEST_ADAPTERS.includes(adapter))
    return `not run: ROLLGATE_TEST_ADAPTERS=${process.env.ROLLGATE_TEST_ADAPTERS}`;
  return 'not run: ROLLGATE_TEST_DATABASE_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)';
}

const announced = new Set<string>();

/** One pending test per file and adapter, under `[adapter] <file>`; outside mocha, nothing. */
function announceNotRun(adapter: Adapter, reason: string): void {
  if (typeof describe !== 'function') return;
  const suite = describe(`[${adapter}]`, () => {
    it(reason);
  });
  const file = suite.file ? relative(ROOT, suite.file) : 'this file';
  const key = `${adapter} ${file}`;
  if (announced.has(key)) {
    // Declared twice by one file (it calls adapters() for several suites): keep the first.
    suite.parent?.suites.splice(suite.parent.suites.indexOf(suite), 1);
    return;
  }
  announced.add(key);
  suite.title = `[${adapter}] ${file}`;
}
