/**
 * `rollgate can-i-deploy`: one `GET /matrix?...` built exactly as `pact-broker can-i-deploy` builds it (no index
 * fetch); exit 0 when `summary.deployable` is true, 1 when it is false or null (0 with --dry-run).
 */
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.ts';
import { askWhileUnknown, say, sayJson } from '../context.ts';
import { UsageError } from '../errors.ts';
import { EXIT } from '../errors.ts';
import {
  action,
  addBrokerOptions,
  brokerClient,
  examples,
  nonNegativeInt,
  repeatable,
  outputOption,
  seconds,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';
import { withKnownNames } from '../lookups.ts';
import { failureLines, type Failures } from '../output/failures.ts';
import { table } from '../output/table.ts';
import { collectSelectors, param, type IgnoreSelector, type Selector } from '../selectors.ts';

interface Options extends BrokerOptions {
  toEnvironment?: string;
  to?: string;
  output: OutputFormat;
  retryWhileUnknown: number;
  retryInterval: number;
  dryRun?: boolean;
  failOnOpenapiBreaking?: 'ERR' | 'WARN';
}

export interface MatrixQuery {
  selectors: Selector[];
  ignores: IgnoreSelector[];
  toEnvironment?: string;
  toTag?: string;
  /** Fail on breaking changes of the OpenAPI document against what is deployed in the environment (issue 20). */
  failOnOpenApiBreaking?: 'ERR' | 'WARN';
}

/** The `/matrix` query string (see docs/cli.md and the Pact Broker's can-i-deploy). */
export function buildMatrixQuery(q: MatrixQuery): string {
  const parts: string[] = [];
  for (const s of q.selectors) {
    parts.push(param('q[][pacticipant]', s.pacticipant));
    if (s.version !== undefined) parts.push(param('q[][version]', s.version));
    if (s.latest) parts.push('q[][latest]=true');
    if (s.tag !== undefined) parts.push(param('q[][tag]', s.tag));
    if (s.branch !== undefined) parts.push(param('q[][branch]', s.branch));
    if (s.mainBranch) parts.push('q[][mainBranch]=true');
  }
  for (const i of q.ignores) {
    parts.push(param('ignore[][pacticipant]', i.pacticipant));
    if (i.version !== undefined) parts.push(param('ignore[][version]', i.version));
  }
  if (q.toTag !== undefined) parts.push(param('tag', q.toTag));
  // cvpv (one row per consumer version and provider version) whenever an environment is the target or several
  // versions are named: cvp would hide a deployed provider version behind a newer one (pact_broker #903).
  parts.push(`latestby=${q.toEnvironment !== undefined || q.selectors.length > 1 ? 'cvpv' : 'cvp'}`);
  if (q.toTag !== undefined || (q.selectors.length === 1 && q.toEnvironment === undefined)) parts.push('latest=true');
  if (q.toEnvironment !== undefined) parts.push(param('environment', q.toEnvironment));
  if (q.failOnOpenApiBreaking !== undefined) parts.push(param('failOnOpenApiBreaking', q.failOnOpenApiBreaking));
  return parts.join('&');
}

interface MatrixRow {
  consumer?: { name?: string; version?: { number?: string } };
  provider?: { name?: string; version?: { number?: string } | null };
  verificationResult?: { success?: boolean; failures?: Failures; _links?: { self?: { href?: string } } } | null;
  ignored?: boolean;
  verdict?: string;
  evidence?: string;
}

interface MatrixBody {
  summary?: {
    deployable?: boolean | null;
    reason?: string;
    success?: number;
    failed?: number;
    unknown?: number;
    ignored?: number;
  };
  notices?: { type?: string; text?: string }[];
  matrix?: MatrixRow[];
}

/**
 * Worth asking again: some pairs are unknown and none failed. A failed verification stays failed however long we wait,
 * so an answer with failures is final even when it is `deployable: null` (failed and unknown rows together, which the
 * Pact Broker answers with null). An unknown answer without unknown rows is one waiting for something else (with
 * `--fail-on-openapi-breaking`, a diff of the OpenAPI documents the broker is computing): worth asking again too.
 */
const unknownAnswer = (b: MatrixBody) => {
  const s = b.summary;
  if (!s || s.deployable === true || (s.failed ?? 0) > 0) return false;
  return s.deployable == null || (s.unknown ?? 0) > 0;
};

function printText(ctx: CliContext, body: MatrixBody, dryRun: boolean) {
  const rows = body.matrix ?? [];
  if (rows.length) {
    // rollgate rows say how each verdict was reached (verification, subsumption, openapi); a Pact Broker's rows do not.
    const verdictOf = (r: (typeof rows)[number]) =>
      r.verdict ??
      (r.verificationResult?.success === true
        ? 'compatible'
        : r.verificationResult?.success === false
          ? 'incompatible'
          : 'unknown');
    say(
      ctx,
      table(
        ['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'VERDICT', 'EVIDENCE'],
        rows.map((r) => [
          r.consumer?.name,
          r.consumer?.version?.number,
          r.provider?.name,
          r.provider?.version?.number,
          `${verdictOf(r)}${r.ignored ? ' (ignored)' : ''}`,
          r.evidence ?? (r.verificationResult ? 'verification' : 'none'),
        ]),
      ),
    );
    say(ctx);
  } else {
    say(ctx, 'There are no rows in the matrix for these selectors.');
    say(ctx);
  }
  const d = body.summary?.deployable;
  say(
    ctx,
    `${dryRun ? '[dry-run] ' : ''}${d === true ? 'Computer says yes \\o/' : d === false ? 'Computer says no ¯\\_(ツ)_/¯' : 'Computer says no: not everything needed has been verified yet ¯\\_(ツ)_/¯'}`,
  );
  const notices = (body.notices ?? []).filter((n) => typeof n?.text === 'string');
  const lines = notices.length
    ? notices.map((n) => `${n.type === 'error' ? '✘ ' : n.type === 'warning' ? '! ' : ''}${n.text}`)
    : (body.summary?.reason ?? '').split('\n').filter(Boolean);
  if (lines.length) say(ctx);
  for (const l of lines) say(ctx, l);
  // What failed, for each failed verification the answer rests on (rollgate's rows carry it; a Pact Broker's do not).
  for (const r of rows) {
    const failures = r.verificationResult?.failures;
    if (r.ignored || !failures) continue;
    say(ctx);
    say(
      ctx,
      `What failed in ${r.consumer?.name} ${r.consumer?.version?.number} -> ${r.provider?.name} ${r.provider?.version?.number}:`,
    );
    for (const l of failureLines(failures, r.verificationResult?._links?.self?.href, '  ')) say(ctx, l);
  }
  if (dryRun) say(ctx, '\n[dry-run] Dry run enabled: exiting 0 whatever the answer.');
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('can-i-deploy')
    .description("Can these versions be deployed safely (to an environment)? Asks the broker's matrix")
    .option(
      '-a, --pacticipant <name>',
      'an application; repeat for several, each followed by how to pick its version',
      repeatable,
    )
    .option('-e, --version <version>', 'the version of the --pacticipant before it')
    .option('-l, --latest [tag]', 'the latest version of the --pacticipant before it (with this tag)')
    .option('--branch <branch>', 'the latest version on this branch of the --pacticipant before it')
    .option('--main-branch', 'the latest version on the main branch of the --pacticipant before it')
    .option(
      '--to-environment <name>',
      'the environment to deploy to (compared with what is deployed or released there)',
    )
    .option('--to <tag>', 'compare with the latest versions carrying this tag (older, tag-based workflow)')
    .option(
      '--ignore <name>',
      'leave this application out of the answer (a following --version narrows it); repeatable',
      repeatable,
    )
    .addOption(outputOption())
    .option(
      '--retry-while-unknown <times>',
      'poll again this many times while results are still unknown',
      nonNegativeInt,
      0,
    )
    .option('--retry-interval <seconds>', 'seconds between polls', seconds, 10)
    .addOption(
      new Option(
        '--fail-on-openapi-breaking <level>',
        "also fail when the version's OpenAPI document breaks the one deployed in --to-environment (a change at this level or above)",
      ).choices(['ERR', 'WARN']),
    )
    .option('--dry-run', 'print the answer but always exit 0 (also ROLLGATE_CAN_I_DEPLOY_DRY_RUN=true)');
  addBrokerOptions(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate can-i-deploy --pacticipant web --version 1.2.0 --to-environment production',
      'rollgate can-i-deploy --pacticipant web --version 1.2.0 --pacticipant orders --version 2.0.0',
      'rollgate can-i-deploy --pacticipant web --latest --to-environment test --retry-while-unknown 12 --retry-interval 10',
      'rollgate can-i-deploy --pacticipant web --main-branch --to-environment production --ignore analytics --output json',
      'rollgate can-i-deploy --pacticipant orders --version 2.0.0 --to-environment production --fail-on-openapi-breaking ERR',
      '',
      'Exit codes: 0 deployable, 1 not deployable or unknown, 2 bad flags, 3 broker unreachable, 4 broker error.',
    ),
  );
  const state = collectSelectors(cmd, ['version', 'latest', 'branch', 'main-branch'], { ignoreTakesVersion: true });
  cmd.action(
    action(ctx, async (opts: Options) => {
      if (!state.selectors.length) throw new UsageError('rollgate: can-i-deploy needs at least one --pacticipant');
      const first = state.selectors[0]!;
      if (first.version === undefined && !first.latest && first.branch === undefined && !first.mainBranch) {
        throw new UsageError(
          `rollgate: --pacticipant ${first.pacticipant} needs --version, --latest, --branch or --main-branch after it`,
        );
      }
      if (opts.toEnvironment !== undefined && opts.to !== undefined)
        throw new UsageError('rollgate: give --to-environment or --to, not both');
      if (opts.failOnOpenapiBreaking !== undefined && opts.toEnvironment === undefined)
        throw new UsageError(
          'rollgate: --fail-on-openapi-breaking needs --to-environment (breaking changes are measured against what is deployed there)',
        );
      const dryRun =
        Boolean(opts.dryRun) ||
        [ctx.env.ROLLGATE_CAN_I_DEPLOY_DRY_RUN, ctx.env.PACT_BROKER_CAN_I_DEPLOY_DRY_RUN].includes('true');
      const client = brokerClient(opts, ctx);
      const path = `/matrix?${buildMatrixQuery({ selectors: state.selectors, ignores: state.ignores, toEnvironment: opts.toEnvironment, toTag: opts.to, failOnOpenApiBreaking: opts.failOnOpenapiBreaking })}`;
      const ask = async (): Promise<MatrixBody> => (await client.get<MatrixBody>(path)).body ?? {};
      const body = await askWhileUnknown(
        ctx,
        () =>
          withKnownNames(
            client,
            { environment: opts.toEnvironment, pacticipants: state.selectors.map((s) => s.pacticipant) },
            ask,
          ),
        unknownAnswer,
        {
          times: opts.retryWhileUnknown,
          intervalSeconds: opts.retryInterval,
          waitingFor: (b) => `verification results (${b.summary?.unknown ?? '?'} unknown)`,
        },
      );
      if (opts.output === 'json') sayJson(ctx, body);
      else printText(ctx, body, dryRun);
      return body.summary?.deployable === true || dryRun ? EXIT.ok : EXIT.no;
    }),
  );
}
