import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { createContext, type CliContext } from './context.ts';
import { EXIT, ExitError } from './errors.ts';
import { register as canIDeploy } from './commands/can-i-deploy.ts';
import { register as canIRollback } from './commands/can-i-rollback.ts';
import { register as compare } from './commands/compare.ts';
import { register as createEnvironment } from './commands/create-environment.ts';
import { register as describeVersion } from './commands/describe-version.ts';
import { register as diffOpenApi } from './commands/diff-openapi.ts';
import { register as diffPacts } from './commands/diff-pacts.ts';
import { register as publish } from './commands/publish.ts';
import { register as publishProviderContract } from './commands/publish-provider-contract.ts';
import { register as recordDeployment } from './commands/record-deployment.ts';
import { register as recordRelease } from './commands/record-release.ts';
import { register as recordSupportEnded } from './commands/record-support-ended.ts';
import { register as recordUndeployment } from './commands/record-undeployment.ts';
import { register as serve } from './commands/serve.ts';

/** The command table, in the order `rollgate --help` lists them. */
const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  serve,
  publish,
  publishProviderContract,
  createEnvironment,
  recordDeployment,
  recordUndeployment,
  recordRelease,
  recordSupportEnded,
  describeVersion,
  canIDeploy,
  canIRollback,
  compare,
  diffPacts,
  diffOpenApi,
];

/** The package version (`rollgate --version`). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** After a bad flag: the error and this one line, not the whole help (which would scroll the error away). */
const usageHint = (cmd: Command) => `(run ${cmd.parent ? `rollgate ${cmd.name()}` : 'rollgate'} --help for usage)`;

/** The `rollgate` command: a declarative table of commands; the one place that exits. */
export function buildProgram(ctx: CliContext = createContext()): Command {
  const program = new Command('rollgate')
    .description('rollgate: a contract broker and compatibility gate (Pact Broker API, can-i-deploy, can-i-rollback)')
    .configureOutput({ writeOut: ctx.io.out, writeErr: ctx.io.err })
    // Only before a command: `can-i-deploy --pacticipant web --version 1` is that command's --version.
    .enablePositionalOptions()
    .version(VERSION, '-V, --version', 'print the rollgate version')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 yes, 1 a negative answer (not deployable, not safe), 2 bad flags, 3 broker unreachable,\n4 broker error, 5 unreadable file, 10 internal error. See docs/cli.md.\n',
    );
  program.showHelpAfterError(usageHint(program));
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.showHelpAfterError(usageHint(cmd));
  return program;
}

/** Runs `rollgate <argv>` and resolves with the exit code; `overrides` let tests capture output and set env. */
export async function main(argv: string[], overrides: Partial<Omit<CliContext, 'exitCode'>> = {}): Promise<number> {
  const ctx = createContext(overrides);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander exits 1 by default; a bad flag must never look like a negative answer.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof ExitError) {
      if (e.message) ctx.io.err(`${e.message}\n`);
      return e.code;
    }
    ctx.io.err(`rollgate: unexpected error: ${(e as Error).stack ?? e}\n`);
    return EXIT.internal;
  }
}

/** Run as the `rollgate` command: a closed pipe (output into `head`) ends it quietly, not with a stack trace. */
async function runAsCommand(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = await main(process.argv.slice(2));
}

if (process.argv[1] && /cli[\\/](src[\\/]main\.ts|bin[\\/]rollgate\.js)$/.test(process.argv[1])) {
  await runAsCommand();
} else if (process.argv[1]?.endsWith('rollgate')) {
  await runAsCommand();
}
