import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { warn } from '../context.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('Write the whole broker as one NDJSON stream (a portable backup; docs/operations.md)')
    .requiredOption('--database <fileOrUrl>', 'SQLite file or postgres:// URL to read (ROLLGATE_DATABASE)')
    .option('--output <file>', 'write to this file (created with mode 600) instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  rollgate export --database ./rollgate.db --output backup.ndjson\n  rollgate export --database postgres://postgres@127.0.0.1:5432/broker | gzip > backup.ndjson.gz\n',
    )
    .action(async (opts: { database: string; output?: string }) => {
      const { exportDatabase } = await import('../../../broker/src/tools.ts');
      const counts = await exportDatabase(opts.database, opts.output);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      warn(ctx, `Exported ${total} records (${summary(counts)})${opts.output ? ` to ${opts.output}` : ''}`);
    });
}

export const summary = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'nothing';
