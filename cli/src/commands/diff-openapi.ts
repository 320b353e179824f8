/**
 * `rollgate diff-openapi OLD NEW` (offline): the breaking changes from one version of an OpenAPI document to the next
 * (Swagger 2.0, OpenAPI 3.0 or 3.1; JSON or YAML), with oasdiff's rule ids and levels. Exit codes: 0 nothing at or
 * above --fail-on, 1 a change at or above it, 2 bad flags or a file that is no usable document, 3 no such change
 * found but the answer is partial (a keyword no engine compares changed), 5 a file cannot be read.
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say } from '../context.ts';
import { EXIT, ExitError } from '../errors.ts';
import { readText } from '../files.ts';
import { action, addOutputOption, commaList, examples, type OutputFormat } from '../options.ts';

/** No breaking change found, but some change may be unseen: not a "yes" (compare's "no answer" code). */
const EXIT_PARTIAL = 3;

interface Options {
  failOn: 'ERR' | 'WARN';
  output: OutputFormat;
  engines: string[];
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('diff-openapi')
    .description('Show the breaking changes between two versions of an OpenAPI document (offline)')
    .argument('<old>', 'the earlier document (JSON or YAML)')
    .argument('<new>', 'the later document')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a change at or above this level is found')
        .choices(['ERR', 'WARN'])
        .default('ERR'),
    )
    .option(
      '--engines <list>',
      'engines to run, comma separated: rollgate (the rules), api-smart-diff, optic (default: all three)',
      commaList,
    );
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate diff-openapi fixtures/openapi/orders/orders-api.yaml fixtures/openapi/orders/orders-v1.yaml',
      'rollgate diff-openapi openapi-main.yaml openapi.yaml --fail-on WARN --output json',
      '',
      'Exit codes: 0 nothing at or above --fail-on, 1 breaking changes, 2 bad flags or not a usable document,',
      '3 nothing found but the answer is partial, 5 a file cannot be read.',
    ),
  );
  cmd.action(
    action(ctx, async (oldFile: string, newFile: string, opts: Options) => {
      const [before, after] = [await readText(oldFile), await readText(newFile)];
      const diff = await import('../../../contracts/src/openapi-diff/index.ts');
      const engines = opts.engines ?? [...diff.ALL_ENGINES];
      const unknown = engines.filter((e) => !diff.ALL_ENGINES.includes(e as never));
      if (unknown.length || !engines.length)
        throw new ExitError(
          EXIT.usage,
          `rollgate diff-openapi: unknown engine ${unknown.join(', ') || '(none given)'}; known: ${diff.ALL_ENGINES.join(', ')}`,
        );
      const { OpenApiDocumentError } = await import('../../../contracts/src/openapi/errors.ts');
      let result: Awaited<ReturnType<typeof diff.diffOpenApi>>;
      try {
        result = await diff.diffOpenApi(before, after, { engines: engines as never });
      } catch (e) {
        if (!(e instanceof OpenApiDocumentError)) throw e;
        // Which file: the other one parses (reading is cheap and never touches the network).
        const bad = await diff.diffOpenApi(before, before, { engines: ['rollgate'] }).then(
          () => newFile,
          () => oldFile,
        );
        throw new ExitError(EXIT.usage, `rollgate diff-openapi: ${bad} is not a usable OpenAPI document: ${e.message}`);
      } finally {
        await diff.closeSharedOpticWorker();
      }
      const names = { base: oldFile, revision: newFile };
      say(ctx, (opts.output === 'json' ? diff.formatJson : diff.formatText)(result, names, opts.failOn));
      const verdict = diff.verdictOf(result, opts.failOn);
      return verdict.breaking ? EXIT.no : verdict.unknown ? EXIT_PARTIAL : EXIT.ok;
    }),
  );
}
