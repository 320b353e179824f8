/**
 * `rollgate can-i-rollback --environment E [--pacticipant A [--version V] ...]`: `GET /can-i-rollback?...`.
 * With services named: can they revert (to their prior versions, or the given ones), and if not, what must revert
 * with them and in what order. Without (or with --all): the any-subset analysis, as a table.
 * Exit 0 safe, 1 not safe (unknown pairs included), 2 and above a failure.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { askWhileUnknown, say, sayJson } from '../context.ts';
import { EXIT, UsageError } from '../errors.ts';
import { withKnownNames } from '../lookups.ts';
import {
  action,
  addBrokerOptions,
  brokerClient,
  examples,
  nonNegativeInt,
  repeatable,
  outputOption,
  seconds,
  wholeNumberIn,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';
import {
  isAnalysis,
  renderRollbackAnalysis,
  renderRollbackSet,
  shellQuote,
  type RollbackAnalysis,
  type RollbackSetAnswer,
} from '../output/rollback-text.ts';
import { collectSelectors, param, type Selector } from '../selectors.ts';

interface Options extends BrokerOptions {
  environment: string;
  all?: boolean;
  steps?: number;
  ignore?: string[];
  output: OutputFormat;
  retryWhileUnknown: number;
  retryInterval: number;
  dryRun?: boolean;
}

export interface RollbackQuery {
  environment: string;
  selectors: Selector[];
  steps?: number;
  ignore: string[];
}

/** `environment=E&pacticipant=A&q[][pacticipant]=B&q[][version]=1.4.0&steps=2&ignore=C`, in argv order. */
export function buildRollbackQuery(q: RollbackQuery): string {
  const parts = [param('environment', q.environment)];
  for (const s of q.selectors) {
    if (s.version !== undefined) parts.push(param('q[][pacticipant]', s.pacticipant), param('q[][version]', s.version));
    else parts.push(param('pacticipant', s.pacticipant));
  }
  if (q.steps !== undefined) parts.push(param('steps', String(q.steps)));
  for (const i of q.ignore) parts.push(param('ignore', i));
  return parts.join('&');
}

/** Worth asking again: the answer is no only because some pairs have no evidence yet. */
function onlyUnknown(b: RollbackSetAnswer | RollbackAnalysis): boolean {
  if (isAnalysis(b)) return b.summary?.everySubsetSafe !== true && (b.summary?.unknown ?? 0) > 0;
  const s = b.summary ?? {};
  return (
    s.rollbackable !== true &&
    (s.unknown ?? 0) > 0 &&
    (s.incompatible ?? 0) === 0 &&
    (b.targets ?? []).every((t) => t.to != null)
  );
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('can-i-rollback')
    .description(
      'Can services in an environment roll back to their previous versions safely? What must roll back with them, in what order?',
    )
    .requiredOption('--environment <name>', 'the environment')
    .option('-a, --pacticipant <name>', 'a service to roll back; repeatable', repeatable)
    .option('-e, --version <version>', 'roll the --pacticipant before it back to this version instead of its prior one')
    .option(
      '--all',
      'the any-subset analysis: which services can roll back alone, which need companions (the default without --pacticipant)',
    )
    // 1 to 100, the broker's range for `steps`, so a bad value is refused here with the same words whatever it is.
    .option(
      '--steps <n>',
      'roll the --pacticipant services back this many distinct deployed versions, 1 to 100 (default 1); the services they need go to their own prior versions',
      wholeNumberIn(1, 100),
    )
    .option('--ignore <name>', "leave this service's pairs out (reported as ignored); repeatable", repeatable)
    .addOption(outputOption())
    .option(
      '--retry-while-unknown <times>',
      'poll again this many times while the answer is no only because of unknown pairs',
      nonNegativeInt,
      0,
    )
    .option('--retry-interval <seconds>', 'seconds between polls', seconds, 10)
    .option('--dry-run', 'print the answer but always exit 0');
  addBrokerOptions(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate can-i-rollback --environment production --pacticipant orders',
      'rollgate can-i-rollback --environment production --pacticipant orders --version 1.4.0 --pacticipant web',
      'rollgate can-i-rollback --environment production --pacticipant orders --steps 2 --ignore analytics',
      'rollgate can-i-rollback --environment production --all',
      'rollgate can-i-rollback --environment production --pacticipant orders --output json --retry-while-unknown 6 --retry-interval 10',
      '',
      'Exit codes: 0 safe, 1 not safe (or unknown), 2 bad flags, 3 broker unreachable, 4 broker error.',
    ),
  );
  const state = collectSelectors(cmd, ['version']);
  cmd.action(
    action(ctx, async (opts: Options) => {
      if (opts.all && state.selectors.length) throw new UsageError('rollgate: give --all or --pacticipant, not both');
      if (opts.steps !== undefined && opts.steps > 1 && !state.selectors.length)
        throw new UsageError(
          'rollgate: --steps says how many versions the --pacticipant services go back (the services they need go to their own prior versions): give at least one --pacticipant',
        );
      const client = brokerClient(opts, ctx);
      // The any-subset table needs each service's verdict and reasons, not the pairs behind them (issue 15): the
      // summary is a fraction of the full answer. JSON output keeps the full, documented answer.
      // The broker caps a set answer's reasons, warnings and pairs (issue 19); the CLI prints and counts them all.
      const summary = state.selectors.length ? '&detail=full' : opts.output !== 'json' ? '&detail=summary' : '';
      const path = `/can-i-rollback?${buildRollbackQuery({ environment: opts.environment, selectors: state.selectors, steps: opts.steps, ignore: opts.ignore ?? [] })}${summary}`;
      const ask = async (): Promise<RollbackSetAnswer | RollbackAnalysis> =>
        (await client.get<RollbackSetAnswer | RollbackAnalysis>(path)).body ?? { summary: {} };
      const named = { environment: opts.environment, pacticipants: state.selectors.map((s) => s.pacticipant) };
      const body = await askWhileUnknown(ctx, () => withKnownNames(client, named, ask), onlyUnknown, {
        times: opts.retryWhileUnknown,
        intervalSeconds: opts.retryInterval,
        waitingFor: (b) => `evidence (${b.summary?.unknown ?? '?'} unknown pairs)`,
      });
      const analysis = isAnalysis(body);
      const yes = analysis
        ? (body as RollbackAnalysis).summary?.everySubsetSafe === true
        : (body as RollbackSetAnswer).summary?.rollbackable === true;
      if (opts.output === 'json') {
        sayJson(ctx, body);
      } else {
        const render = {
          environment: opts.environment,
          dryRun: Boolean(opts.dryRun),
          commandSuffix: opts.brokerBaseUrl ? ` -b ${shellQuote(opts.brokerBaseUrl)}` : '',
        };
        say(
          ctx,
          analysis
            ? renderRollbackAnalysis(body as RollbackAnalysis, render)
            : renderRollbackSet(body as RollbackSetAnswer, render),
        );
      }
      return yes || opts.dryRun ? EXIT.ok : EXIT.no;
    }),
  );
}
