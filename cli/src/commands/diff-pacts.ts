/**
 * `rollgate diff-pacts OLD NEW` (offline): what a consumer's new pact asks of its provider that the old one did
 * not, and what it no longer asks for. Exit codes follow diff(1): 0 no change in what is asked, 1 changes,
 * 2 a file is not a usable pact, 5 a file cannot be read.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say } from '../context.ts';
import { EXIT, ExitError } from '../errors.ts';
import { readJson } from '../files.ts';
import { action, addOutputOption, examples, type OutputFormat } from '../options.ts';

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('diff-pacts')
    .description('Show what a new version of a pact asks of the provider that the old one did not (offline)')
    .argument('<old>', 'the earlier pact file')
    .argument('<new>', 'the later pact file');
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate diff-pacts pacts-main/web-orders.json pacts/web-orders.json',
      'rollgate diff-pacts old.json new.json --output json',
      '',
      'Exit codes: 0 no change in what the consumer asks, 1 changes, 2 not a usable pact, 5 a file cannot be read.',
    ),
  );
  cmd.action(
    action(ctx, async (oldFile: string, newFile: string, opts: { output: OutputFormat }) => {
      const [before, after] = [await readJson(oldFile), await readJson(newFile)];
      const [{ parsePact }, { ContractError }, { diffPacts, formatPactDiff }] = await Promise.all([
        import('../../../contracts/src/pact/parse.ts'),
        import('../../../contracts/src/errors.ts'),
        import('../../../contracts/src/pact-diff/index.ts'),
      ]);
      const parse = (file: string, json: unknown) => {
        try {
          return parsePact(json);
        } catch (e) {
          if (e instanceof ContractError)
            throw new ExitError(EXIT.usage, `rollgate diff-pacts: ${file} is not a usable pact: ${e.message}`);
          throw e;
        }
      };
      const diff = diffPacts(parse(oldFile, before.json), parse(newFile, after.json));
      say(ctx, opts.output === 'json' ? JSON.stringify(diff, null, 2) : formatPactDiff(diff).replace(/\n$/, ''));
      return diff.interactions.some((i) => i.change !== 'unchanged') ? EXIT.no : EXIT.ok;
    }),
  );
}
