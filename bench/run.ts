/**
 * `npm run bench [name...]`: runs the benchmark suites and prints each one's figures as a Markdown
 * table (docs/benchmarks.md is written from this output). Benchmarks, not timed tests: nothing here
 * fails a build. Names: openapi, rollback, gate, storage, verification, ui, readiness,
 * openapi-diff, openapi-changes, cli-startup, clean, pb-import, org, readers.
 *
 * Flags after a suite's name are that suite's (`npm run bench -- org --services 300 --versions 150000`):
 * a suite module that takes flags exports `parseFlags(args)`, whose options are passed to its `run`.
 */
type Row = Record<string, unknown>;
// Each suite module exports `run(options)` returning its rows.
type Suite = { title: string; module: string };

const suites: Record<string, Suite> = {
  openapi: { title: 'Pact vs OpenAPI: bare engine and rollgate (issue 4)', module: './openapi/compare.bench.ts' },
  evidence: { title: 'Static evidence through the broker (issue 4)', module: './evidence/evidence.bench.ts' },
  rollback: { title: 'can-i-rollback, pure analysis (issue 6)', module: './rollback/rollback.bench.ts' },
  gate: {
    title: 'can-i-deploy and can-i-rollback over HTTP on a synthetic organisation (issues 6 and 8)',
    module: './gate/gate.bench.ts',
  },
  storage: { title: 'Publish throughput (issue 8)', module: './storage/storage.bench.ts' },
  verification: { title: 'Pacts for verification (issue 3)', module: './verification/pfv.bench.ts' },
  ui: { title: 'Web pages (issue 7)', module: './ui/pages.bench.ts' },
  readiness: { title: 'Rollback readiness (issue 10)', module: './readiness/readiness.bench.ts' },
  load: {
    title: 'Load: 200 clients for 60 s on SQLite, and keep-alive resets (issue 16)',
    module: './load/load.bench.ts',
  },
  'openapi-diff': {
    title: "OpenAPI vs OpenAPI: recall and false alarms on oasdiff's corpus, per engine (issue 20)",
    module: './openapi-diff/corpus.bench.ts',
  },
  'openapi-changes': {
    title: "OpenAPI changes between a provider's documents, through the broker (issue 20)",
    module: './openapi-changes/changes.bench.ts',
  },
  'cli-startup': { title: 'CLI start-up, installed package (issue 18)', module: './cli-startup/startup.bench.ts' },
  'pb-import': {
    title: 'Import from a Pact Broker API: 10,000 versions from a local broker (issue 17)',
    module: './pb-import/pb-import.bench.ts',
  },
  clean: { title: 'The version clean at scale (issue 17)', module: './clean/clean.bench.ts' },
  org: {
    title: 'A 300-service organisation under a mixed open-loop load (issue 15)',
    module: './org/org.bench.ts',
  },
  readers: {
    title: 'Heavy reads beside writes, with and without reader threads (SQLite, issue 15)',
    module: './readers/readers.bench.ts',
  },
};

function markdown(rows: Row[]): string {
  if (!rows.length) return '(no rows)\n';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    (typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : v.toFixed(v < 10 ? 2 : 1)
      : v === undefined
        ? ''
        : String(v)
    ).replace(/\|/g, '\\|');
  return `${[
    `| ${cols.join(' | ')} |`,
    `| ${cols.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n')}\n`;
}

/** Suite names in order, each with the flags that follow it. */
function parseArgs(argv: string[]): { name: string; flags: string[] }[] {
  const out: { name: string; flags: string[] }[] = [];
  for (const a of argv) {
    if (a.startsWith('--')) {
      if (!out.length) throw new Error(`${a}: flags go after a suite name (npm run bench -- org ${a} ...)`);
      out.at(-1)!.flags.push(a);
    } else if (
      out.at(-1)?.flags.length &&
      !out.at(-1)!.flags.at(-1)!.includes('=') &&
      needsValue(out.at(-1)!.flags.at(-1)!)
    )
      out.at(-1)!.flags.push(a);
    else out.push({ name: a, flags: [] });
  }
  return out;
}
/** A flag followed by its value (every flag but the switches listed here). */
const needsValue = (flag: string) => !['--build-only'].includes(flag);

const wanted = parseArgs(process.argv.slice(2));
const names = wanted.length
  ? wanted
  : Object.keys(suites)
      .filter((n) => n !== 'org' && n !== 'readers')
      .map((name) => ({ name, flags: [] }));
console.log(
  `# rollgate benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · ${(await import('node:os')).cpus().length} CPUs\n`,
);
for (const { name, flags } of names) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  let mod: {
    run: (options: { print: boolean }) => Promise<Row[]>;
    parseFlags?: (args: string[]) => Record<string, unknown>;
  };
  try {
    mod = await import(new URL(suite.module, import.meta.url).href);
  } catch (e) {
    console.log(`## ${suite.title}\n\n(not available: ${(e as Error).message.split('\n')[0]})\n`);
    continue;
  }
  const started = Date.now();
  if (flags.length && !mod.parseFlags) {
    console.error(`suite ${name} takes no flags (${flags.join(' ')})`);
    process.exitCode = 2;
    continue;
  }
  const rows = await mod.run({ print: false, ...(mod.parseFlags?.(flags) ?? {}) });
  // Rows with a `phase` are printed as one table per phase (their columns differ).
  const phases = [...new Set(rows.map((r) => r.phase))];
  const tables =
    phases.length > 1 && phases.every((p) => typeof p === 'string')
      ? phases
          .map((p) => `### ${p}\n\n${markdown(rows.filter((r) => r.phase === p).map(({ phase: _, ...r }) => r))}`)
          .join('\n')
      : markdown(rows);
  console.log(
    `## ${suite.title}\n\n${flags.length ? `\`npm run bench -- ${name} ${flags.join(' ')}\`\n\n` : ''}${tables}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
process.exit(process.exitCode ?? 0);
