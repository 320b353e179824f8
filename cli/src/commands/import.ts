/**
 * `rollgate import --database DEST --from-pact-broker URL [--from-token T | --from-username U --from-password P]`:
 * copies a running Pact Broker's history into rollgate's database (broker/src/pb-import/). The source's
 * credentials are their own flags: the `--broker-*` flags and `PACT_BROKER_*` variables name rollgate's broker and
 * are never read for the source. Opens the database itself (like `rollgate serve`), so it runs where the database is.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { processIo, say, sayJson, warn } from '../context.ts';
import { EXIT, ExitError, UsageError } from '../errors.ts';
import { action, examples, outputOption, type OutputFormat } from '../options.ts';
import { ProgressBar } from '../output/progress.ts';

interface Options {
  database?: string;
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
  const cmd = program
    .command('import')
    .description("Import a Pact Broker's history (--from-pact-broker) into rollgate's database")
    .argument('[file]', 'an export file (NDJSON); not with --from-pact-broker')
    .option('--database <fileOrUrl>', "rollgate's database: SQLite file or postgres:// URL (ROLLGATE_DATABASE)")
    .option('--from-pact-broker <url>', "the source Pact Broker's base URL")
    .option('--from-token <token>', "the source's bearer token (ROLLGATE_IMPORT_FROM_TOKEN)")
    .option('--from-username <name>', "the source's basic auth user name")
    .option('--from-password <password>', "the source's basic auth password (ROLLGATE_IMPORT_FROM_PASSWORD)")
    .option('--page-size <n>', 'versions per page of the source listing (default 100)', whole('--page-size'))
    .option(
      '--matrix-limit <n>',
      "rows asked of the source's matrix per pact version, to list its verification results (default 1000)",
      whole('--matrix-limit'),
    )
    .option('--concurrency <n>', 'requests to the source in flight at once (default 8)', whole('--concurrency'))
    .addOption(outputOption());
  cmd.addHelpText(
    'after',
    examples(
      'rollgate import --database ./rollgate.db --from-pact-broker https://pact-broker.example.com --from-token "$TOKEN"',
      'rollgate import --database postgres://postgres@db/rollgate --from-pact-broker http://localhost:9292 --from-username u --from-password p',
    ),
  );
  cmd.action(
    action(ctx, async (file: string | undefined, opts: Options) => {
      const database = opts.database ?? ctx.env.ROLLGATE_DATABASE;
      if (!database) throw new UsageError('rollgate: import needs --database (or ROLLGATE_DATABASE)');
      if (file !== undefined && opts.fromPactBroker)
        throw new UsageError('rollgate: import takes an export file or --from-pact-broker, not both');
      if (!opts.fromPactBroker)
        throw new UsageError(
          'rollgate: import needs --from-pact-broker URL (importing an export file is not available yet)',
        );
      if (!/^https?:\/\/[^/]/.test(opts.fromPactBroker))
        throw new UsageError(`rollgate: --from-pact-broker must be an http(s) URL, not ${opts.fromPactBroker}`);
      const token = opts.fromToken ?? ctx.env.ROLLGATE_IMPORT_FROM_TOKEN;
      const password = opts.fromPassword ?? ctx.env.ROLLGATE_IMPORT_FROM_PASSWORD;
      if (token && opts.fromUsername)
        throw new UsageError('rollgate: give --from-token or --from-username/--from-password, not both');
      if (password !== undefined && opts.fromUsername === undefined)
        throw new UsageError('rollgate: --from-password needs --from-username');

      // Loaded on demand, as `serve` loads the server: it opens the database.
      const { importFromPactBroker, SourceError, KINDS } = await import('../../../broker/src/pb-import/run.ts');
      const bar = ctx.io === processIo && process.stdout.isTTY ? new ProgressBar(ctx.io.out) : undefined;
      let summary: Awaited<ReturnType<typeof importFromPactBroker>>;
      try {
        summary = await importFromPactBroker(
          {
            database,
            baseUrl: opts.fromPactBroker,
            ...(token ? { token } : {}),
            ...(opts.fromUsername !== undefined ? { username: opts.fromUsername, password: password ?? '' } : {}),
            ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
            ...(opts.matrixLimit ? { matrixLimit: opts.matrixLimit } : {}),
            ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
            env: ctx.env as NodeJS.ProcessEnv,
          },
          bar ? (p) => bar.update(p.phase, p.done, p.total) : undefined,
        );
      } catch (e) {
        bar?.end();
        if (e instanceof SourceError)
          throw new ExitError(
            e.status === undefined ? EXIT.brokerUnreachable : EXIT.brokerError,
            `rollgate: ${e.message}\n  (nothing imported so far is lost: run the same command again to go on)`,
          );
        throw e;
      }
      bar?.end();
      for (const w of summary.warnings) warn(ctx, `Warning: ${w}`);
      if (opts.output === 'json') return sayJson(ctx, summary);
      say(ctx, `Imported from ${opts.fromPactBroker} in ${summary.seconds.toFixed(1)} s:`);
      say(ctx, `  ${'kind'.padEnd(14)} ${'added'.padStart(8)} ${'existing'.padStart(9)} ${'skipped'.padStart(8)}`);
      for (const kind of KINDS) {
        const c = summary.counts[kind];
        say(
          ctx,
          `  ${kind.padEnd(14)} ${String(c.added).padStart(8)} ${String(c.existing).padStart(9)} ${String(c.skipped).padStart(8)}`,
        );
      }
      const requests = Object.entries(summary.requests)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      say(ctx, `Requests to the source: ${requests}`);
      if (summary.skipped.length) {
        say(ctx, `Skipped (${summary.skipped.length}):`);
        for (const s of summary.skipped) say(ctx, `  ${s.kind}: ${s.item}: ${s.reason}`);
      }
      return EXIT.ok;
    }),
  );
}
