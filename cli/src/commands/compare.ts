/**
 * `rollgate compare --pact FILE --openapi FILE` (offline): is a consumer's pact compatible with a provider's
 * OpenAPI document? Exit codes are the comparison's own (contracts/src/compare/exit-codes.ts):
 * 0 compatible, 1 incompatible, 2 unusable input, 3 no answer; plus 5 when a file cannot be read at all.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, warn } from '../context.ts';
import { readBytes } from '../files.ts';
import { action, addOutputOption, examples, type OutputFormat } from '../options.ts';

interface Options {
  pact: string;
  openapi: string;
  output: OutputFormat;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('compare')
    .description("Check a pact against a provider's OpenAPI document, offline (no broker)")
    .requiredOption('--pact <file>', "the consumer's pact file (JSON)")
    .requiredOption('--openapi <file>', "the provider's OpenAPI document (JSON or YAML)");
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate compare --pact pacts/web-orders.json --openapi openapi.yaml',
      'rollgate compare --pact pacts/web-orders.json --openapi openapi.json --output json',
      '',
      'Exit codes: 0 compatible, 1 incompatible, 2 unusable input, 3 no answer, 5 a file cannot be read.',
    ),
  );
  cmd.action(
    action(ctx, async (opts: Options) => {
      // Both files must at least be readable (exit 5, like every other command) before the engine is loaded.
      await readBytes(opts.pact);
      await readBytes(opts.openapi);
      // Loaded on demand: the comparison engine is heavy and only this command needs it.
      const { compareFiles, exitCodeFor, exitCodeForError, EXIT } = await import(
        '../../../contracts/src/compare/index.ts'
      );
      try {
        const result = await compareFiles(opts.pact, opts.openapi, { output: opts.output });
        say(ctx, result.text.replace(/\n$/, ''));
        return exitCodeFor(result.verdict);
      } catch (e) {
        const code = exitCodeForError(e);
        warn(
          ctx,
          code === EXIT.unusableInput
            ? `rollgate compare: ${(e as Error).message}`
            : `rollgate compare: unexpected error: ${(e as Error).stack ?? e}`,
        );
        return code;
      }
    }),
  );
}
