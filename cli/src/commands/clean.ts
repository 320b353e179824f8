import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say } from '../context.ts';
import { UsageError } from '../errors.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('clean')
    .description(
      'Remove versions no keep selector keeps; never one that was deployed or released (docs/operations.md "Retention")',
    )
    .requiredOption('--database <fileOrUrl>', 'SQLite file or postgres:// URL (ROLLGATE_DATABASE)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option(
      '--keep <json>',
      "keep selectors, the Pact Broker's JSON (default ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS, else the Pact Broker's defaults)",
    )
    .option('--limit <n>', 'versions removed at most (default ROLLGATE_CLEAN_DELETION_LIMIT, else 500)', (v) =>
      Number(v),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  rollgate clean --database ./rollgate.db --dry-run\n  rollgate clean --database ./rollgate.db --keep \'[{"branch":"main","max_age":30},{"tag":true,"latest":true}]\' --limit 5000\n',
    )
    .action(async (opts: { database: string; dryRun?: boolean; keep?: string; limit?: number }) => {
      const { cleanDatabase, KeepSelectorError } = await import('../../../broker/src/tools.ts');
      try {
        const report = await cleanDatabase(opts.database, {
          env: ctx.env,
          keep: opts.keep,
          limit: opts.limit,
          dryRun: opts.dryRun,
          onVersion: (v) => opts.dryRun && say(ctx, `${v.pacticipant} ${v.version} (created ${v.createdAt})`),
        });
        say(
          ctx,
          opts.dryRun
            ? `Would remove ${report.versions} versions (dry run: nothing removed)`
            : `Removed ${report.versions} versions in ${report.batches} batches, ${report.durationMs} ms (longest batch ${Math.round(report.longestBatchMs)} ms)`,
        );
      } catch (e) {
        if (e instanceof KeepSelectorError) throw new UsageError(`rollgate: ${e.message}`);
        throw e;
      }
    });
}
