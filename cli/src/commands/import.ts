import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say } from '../context.ts';
import { EXIT, ExitError, UnreadableFileError } from '../errors.ts';
import { summary } from './export.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(
      'Read a `rollgate export` NDJSON file into a broker database (ids are remapped; derived evidence is queued)',
    )
    .requiredOption('--database <fileOrUrl>', 'SQLite file or postgres:// URL to write (created and migrated if new)')
    .argument('<file>', 'the export file, or - for stdin')
    .addHelpText(
      'after',
      '\nExamples:\n  rollgate import --database ./restored.db broker.ndjson\n  rollgate export --database ./rollgate.db | rollgate import --database postgres://postgres@127.0.0.1:5432/broker -\n\nA second import of the same file adds nothing.\n',
    )
    .action(async (file: string, opts: { database: string }) => {
      const { importDatabase, StreamError, MissingReferenceError } = await import('../../../broker/src/tools.ts');
      try {
        const s = await importDatabase(opts.database, file);
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
    });
}
