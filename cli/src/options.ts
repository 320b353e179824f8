import { readFileSync } from 'node:fs';
/** Options shared by several commands: broker connection, output format, and value parsers. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BrokerClient, type BrokerConfig } from './broker-client.ts';
import type { CliContext } from './context.ts';
import { UsageError } from './errors.ts';

export const DEFAULT_BROKER_URL = 'http://localhost:9292';

export interface BrokerOptions {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerTokenFile?: string;
  brokerUsername?: string;
  brokerPassword?: string;
}

export type OutputFormat = 'text' | 'json';

/** `-b/-k/-u/-p`: on every command that talks to a broker. Env fallbacks are resolved in `brokerConfig`. */
export function addBrokerOptions(cmd: Command): Command {
  return cmd
    .option(
      '-b, --broker-base-url <url>',
      `broker URL (ROLLGATE_BROKER_BASE_URL, PACT_BROKER_BASE_URL; default ${DEFAULT_BROKER_URL})`,
    )
    .option('-k, --broker-token <token>', 'bearer token (ROLLGATE_BROKER_TOKEN, PACT_BROKER_TOKEN)')
    .option(
      '--broker-token-file <path>',
      'read the bearer token from a file (ROLLGATE_BROKER_TOKEN_FILE): keeps it off command lines and CI logs',
    )
    .option('-u, --broker-username <name>', 'basic auth user name (ROLLGATE_BROKER_USERNAME, PACT_BROKER_USERNAME)')
    .option('-p, --broker-password <password>', 'basic auth password (ROLLGATE_BROKER_PASSWORD, PACT_BROKER_PASSWORD)');
}

/**
 * `-o, --output text|table|json`, the same on every command: `table` is `text` (the `pact-broker` CLI's name for
 * its human output, so its flags work here unchanged).
 */
export function outputOption(): Option {
  return new Option('-o, --output <format>', 'output format: text (or table), json')
    .default('text')
    .argParser((value): OutputFormat => {
      if (value === 'text' || value === 'table') return 'text';
      if (value === 'json') return 'json';
      throw new InvalidArgumentError('Allowed choices are text, table (the same as text), json.');
    });
}

export function addOutputOption(cmd: Command): Command {
  return cmd.addOption(outputOption());
}

const pick = (flag: string | undefined, env: CliContext['env'], ...names: string[]) => {
  if (flag !== undefined) return flag;
  for (const n of names) if (env[n] !== undefined && env[n] !== '') return env[n];
  return undefined;
};

/** A token kept in a file (a mounted secret): its first line, without surrounding space. */
function tokenFromFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`rollgate: cannot read the broker token file ${path}: ${(e as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0].trim();
  if (!token) throw new UsageError(`rollgate: the broker token file ${path} is empty`);
  return token;
}

/** Flag, then ROLLGATE_BROKER_*, then PACT_BROKER_*, then the default. A token file counts as the token flag. */
export function brokerConfig(opts: BrokerOptions, env: CliContext['env']): BrokerConfig {
  const fromFile = tokenFromFile(opts.brokerTokenFile ?? (env.ROLLGATE_BROKER_TOKEN_FILE || undefined));
  const config: BrokerConfig = {
    baseUrl: pick(opts.brokerBaseUrl, env, 'ROLLGATE_BROKER_BASE_URL', 'PACT_BROKER_BASE_URL') ?? DEFAULT_BROKER_URL,
    token: pick(opts.brokerToken ?? fromFile, env, 'ROLLGATE_BROKER_TOKEN', 'PACT_BROKER_TOKEN'),
    username: pick(opts.brokerUsername, env, 'ROLLGATE_BROKER_USERNAME', 'PACT_BROKER_USERNAME'),
    password: pick(opts.brokerPassword, env, 'ROLLGATE_BROKER_PASSWORD', 'PACT_BROKER_PASSWORD'),
  };
  if (config.password !== undefined && config.username === undefined)
    throw new UsageError('rollgate: --broker-password needs --broker-username');
  return config;
}

export const brokerClient = (opts: BrokerOptions, ctx: CliContext) =>
  new BrokerClient(brokerConfig(opts, ctx.env), ctx.fetch);

/** `--tag a,b --tag c` -> ['a', 'b', 'c']. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** `--branch`, `--tag` and `--build-url` as the publish endpoints take them: only those given. */
export function versionLabels(opts: { branch?: string; tag?: string[]; buildUrl?: string }): {
  branch?: string;
  tags?: string[];
  buildUrl?: string;
} {
  return {
    ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
    ...(opts.tag?.length ? { tags: opts.tag } : {}),
    ...(opts.buildUrl !== undefined ? { buildUrl: opts.buildUrl } : {}),
  };
}

/** Repeatable option: `--ignore a --ignore b` -> ['a', 'b']. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number (0, 1, 2, ...)');
  return Number(value);
}

/** A whole number in [min, max]: out of range and not a number at all get the same message. */
export function wholeNumberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

export function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n))
    throw new InvalidArgumentError('expected a number of seconds');
  return n;
}

/** Help text: `Examples:` followed by indented lines. */
export const examples = (...lines: string[]) =>
  `\nExamples:\n${lines.map((l) => (!l || l.startsWith('Exit codes') ? l : `  ${l}`)).join('\n')}\n`;

/** Wraps an action so its returned exit code (0 yes, 1 a negative answer) reaches main; an action returning nothing is 0. */
export function action<A extends unknown[]>(ctx: CliContext, fn: (...args: A) => Promise<unknown>) {
  return async (...args: A) => {
    const code = await fn(...args);
    ctx.exitCode = typeof code === 'number' ? code : 0;
  };
}

/** What the commands about one version of one pacticipant take (record-migration, record-requirement). */
export interface VersionOptions extends BrokerOptions {
  pacticipant: string;
  version: string;
  output: OutputFormat;
}

/**
 * Declares a command about one version of one pacticipant: `-a/--pacticipant` and `-e/--version` (with wording for
 * this command), its own options (`own`), the broker and output options, and its examples.
 */
export function versionCommand(
  program: Command,
  spec: {
    name: string;
    description: string;
    pacticipant: string;
    version: string;
    own: (cmd: Command) => Command;
    examples: string[];
  },
): Command {
  const cmd = spec.own(
    program
      .command(spec.name)
      .description(spec.description)
      .requiredOption('-a, --pacticipant <name>', spec.pacticipant)
      .requiredOption('-e, --version <version>', spec.version),
  );
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText('after', examples(...spec.examples));
  return cmd;
}

/** A broker path below a version: `/pacticipants/{p}/versions/{v}/...`, each segment encoded. */
export const versionPath = (pacticipant: string, version: string, ...rest: string[]) =>
  ['pacticipants', pacticipant, 'versions', version, ...rest].map((s) => `/${encodeURIComponent(s)}`).join('');

/** What the commands about one version in one environment take (record-deployment, -release, -support-ended). */
export interface VersionInEnvironmentOptions extends BrokerOptions {
  pacticipant: string;
  version: string;
  environment: string;
  output: OutputFormat;
}

/**
 * Declares a command about one version of one pacticipant in one environment: the three required options
 * (with wording for this command), the broker and output options, and its examples.
 */
export function versionInEnvironmentCommand(
  program: Command,
  spec: {
    name: string;
    description: string;
    pacticipant: string;
    version: string;
    environment: string;
    examples: string[];
  },
): Command {
  const cmd = program
    .command(spec.name)
    .description(spec.description)
    .requiredOption('-a, --pacticipant <name>', spec.pacticipant)
    .requiredOption('-e, --version <version>', spec.version)
    .requiredOption('--environment <name>', spec.environment);
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText('after', examples(...spec.examples));
  return cmd;
}
