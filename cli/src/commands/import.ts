/**
 * `rollgate import --database DEST FILE`: reads a `rollgate export` NDJSON file (broker/src/transfer/).
 * `rollgate import --database DEST --from-pact-broker URL [--from-token T | --from-username U --from-password P]`:
 * copies a running Pact Broker's history through its public API (broker/src/pb-import/). The source's credentials
 * are their own flags: the `--broker-*` flags and `PACT_BROKER_*` variables name rollgate's own broker and are never
 * read for the source. Both open the database directly (through broker/src/tools.ts), like `rollgate serve`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { processIo, say, sayJson, warn } from '../context.ts';
import { EXIT, ExitError, UnreadableFileError, UsageError } from '../errors.ts';
import { action, examples, outputOption, type OutputFormat } from '../options.ts';
import { ProgressBar } from '../output/progress.ts';
import { summary } from './export.ts';

interface Options {
  database: string;
  fromPactBroker?: string;
  fromToken?: string;
  fromUsername?: string;
  fromPassword?: string;
  pageSize?: number;
  matrixLimit?: number;
  concurrency?: number;
  output: OutputFormat;
}

const whole = (name: string) => (v: string) => {
  if (!/^[1-9][0-9]{0,5}$/.test(v)) throw new UsageError(`rollgate: ${name} must be a whole number from 1, not ${v}`);
  return Number(v);
};

export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(
      'Read a `rollgate export` NDJSON file, or a running Pact Broker (--from-pact-broker), into a broker database',
    )
    .requiredOption('--database <fileOrUrl>', 'SQLite file or postgres:// URL to write (created and migrated if new)')
    .argument('[file]', 'the export file, or - for stdin (not with --from-pact-broker)')
    .option('--from-pact-broker <url>', "import a Pact Broker's history through its API, from this base URL")
    .option('--from-token <token>', "the source Pact Broker's bearer token (ROLLGATE_IMPORT_FROM_TOKEN)")
    .option('--from-username <name>', "the source Pact Broker's basic auth user name")
    .option('--from-password <password>', "the source's basic auth password (ROLLGATE_IMPORT_FROM_PASSWORD)")
    .option('--page-size <n>', 'versions per page of the source listing (default 100)', whole('--page-size'))
    .option(
      '--matrix-limit <n>',
      "rows asked of the source's matrix per pact version, to find its verification results (default 1000)",
      whole('--matrix-limit'),
    )
    .option('--concurrency <n>', 'requests to the source in flight at once (default 8)', whole('--concurrency'))
    .addOption(outputOption())
    .addHelpText(
      'after',
      `${examples(
        'rollgate import --database ./restored.db broker.ndjson',
        'rollgate export --database ./rollgate.db | rollgate import --database postgres://postgres@127.0.0.1:5432/broker -',
        'rollgate import --database ./rollgate.db --from-pact-broker https://pact-broker.example.com --from-token "$TOKEN"',
      )}\nA second import of the same file or broker adds only what is new (docs/operations.md).\n`,
    )
    .action(
      action(ctx, async (file: string | undefined, opts: Options) => {
        if (opts.fromPactBroker !== undefined) {
          if (file !== undefined)
            throw new UsageError('rollgate: import takes an export file or --from-pact-broker, not both');
          return fromPactBroker(ctx, opts.fromPactBroker, opts);
        }
        if (file === undefined)
          throw new UsageError('rollgate: import needs an export file (or - for stdin), or --from-pact-broker URL');
        for (const flag of ['fromToken', 'fromUsername', 'fromPassword'] as const)
          if (opts[flag] !== undefined)
            throw new UsageError('rollgate: the --from-* credentials go with --from-pact-broker');
        return fromFile(ctx, file, opts.database);
      }),
    );
}

async function fromFile(ctx: CliContext, file: string, database: string) {
  const { importDatabase, StreamError, MissingReferenceError } = await import('../../../broker/src/tools.ts');
  try {
    const s = await importDatabase(database, file);
    say(ctx, `Imported ${file}: added ${summary(s.added)}`);
    const existing = Object.values(s.existing).reduce((a, b) => a + b, 0);
    if (existing) say(ctx, `Already there (unchanged): ${summary(s.existing)}`);
    say(ctx, `Queued ${s.jobsQueued} comparison and subsumption jobs; the broker runs them when it starts.`);
  } catch (e) {
    if (e instanceof StreamError || e instanceof MissingReferenceError)
      throw new ExitError(EXIT.unreadableFile, `rollgate: ${file}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES')
      throw new UnreadableFileError(file, (e as Error).message);
    throw e;
  }
  return EXIT.ok;
}

async function fromPactBroker(ctx: CliContext, url: string, opts: Options) {
  if (!/^https?:\/\/[^/]/.test(url))
    throw new UsageError(`rollgate: --from-pact-broker must be an http(s) URL, not ${url}`);
  const token = opts.fromToken ?? ctx.env.ROLLGATE_IMPORT_FROM_TOKEN;
  const password = opts.fromPassword ?? ctx.env.ROLLGATE_IMPORT_FROM_PASSWORD;
  if (opts.fromToken !== undefined && opts.fromUsername !== undefined)
    throw new UsageError('rollgate: give --from-token or --from-username/--from-password, not both');
  if (opts.fromPassword !== undefined && opts.fromUsername === undefined)
    throw new UsageError('rollgate: --from-password needs --from-username');

  // Loaded on demand: it opens the database.
  const { importFromPactBroker, SourceError, PB_IMPORT_KINDS } = await import('../../../broker/src/tools.ts');
  const bar = ctx.io === processIo && process.stdout.isTTY ? new ProgressBar(ctx.io.out) : undefined;
  let result: Awaited<ReturnType<typeof importFromPactBroker>>;
  try {
    result = await importFromPactBroker(
      {
        database: opts.database,
        baseUrl: url,
        ...(opts.fromUsername !== undefined
          ? { username: opts.fromUsername, password: password ?? '' }
          : token
            ? { token }
            : {}),
        ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
        ...(opts.matrixLimit ? { matrixLimit: opts.matrixLimit } : {}),
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      },
      bar ? (p) => bar.update(p.phase, p.done, p.total) : undefined,
    );
  } catch (e) {
    bar?.end();
    if (e instanceof SourceError)
      throw new ExitError(
        e.status === undefined ? EXIT.brokerUnreachable : EXIT.brokerError,
        `rollgate: ${e.message}\n  (what was imported so far stays: run the same command again to go on)`,
      );
    throw e;
  }
  bar?.end();
  for (const w of result.warnings) warn(ctx, `Warning: ${w}`);
  if (opts.output === 'json') return sayJson(ctx, result);
  say(ctx, `Imported from ${url} in ${result.seconds.toFixed(1)} s:`);
  say(ctx, `  ${'kind'.padEnd(18)} ${'added'.padStart(8)} ${'existing'.padStart(9)} ${'skipped'.padStart(8)}`);
  for (const kind of PB_IMPORT_KINDS) {
    const c = result.counts[kind];
    say(
      ctx,
      `  ${kind.padEnd(18)} ${String(c.added).padStart(8)} ${String(c.existing).padStart(9)} ${String(c.skipped).padStart(8)}`,
    );
  }
  say(ctx, `Requests to the source: ${summary(result.requests)}`);
  if (result.skipped.length) {
    say(ctx, `Skipped (${result.skipped.length}):`);
    for (const s of result.skipped) say(ctx, `  ${s.kind}: ${s.item}: ${s.reason}`);
  }
  say(ctx, `Queued ${result.jobsQueued} comparison and subsumption jobs; the broker runs them when it starts.`);
  return EXIT.ok;
}
