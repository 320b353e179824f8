import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { createContext, type CliContext } from './context.ts';
import { EXIT, ExitError } from './errors.ts';
import { packageVersion } from './version.ts';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * The command table, in the order `rollgate --help` lists them. Each module is loaded only when its command runs
 * (or for the help listing): start-up pays for commander and the one command, never for the others.
 */
const COMMANDS: [name: string, load: () => Promise<{ register: Register }>][] = [
  ['serve', () => import('./commands/serve.ts')],
  ['publish', () => import('./commands/publish.ts')],
  ['publish-provider-contract', () => import('./commands/publish-provider-contract.ts')],
  ['create-environment', () => import('./commands/create-environment.ts')],
  ['record-deployment', () => import('./commands/record-deployment.ts')],
  ['record-undeployment', () => import('./commands/record-undeployment.ts')],
  ['record-release', () => import('./commands/record-release.ts')],
  ['record-support-ended', () => import('./commands/record-support-ended.ts')],
  ['record-migration', () => import('./commands/record-migration.ts')],
  ['record-requirement', () => import('./commands/record-requirement.ts')],
  ['describe-version', () => import('./commands/describe-version.ts')],
  ['can-i-deploy', () => import('./commands/can-i-deploy.ts')],
  ['can-i-rollback', () => import('./commands/can-i-rollback.ts')],
  ['compare', () => import('./commands/compare.ts')],
  ['diff-pacts', () => import('./commands/diff-pacts.ts')],
  ['diff-openapi', () => import('./commands/diff-openapi.ts')],
];

/**
 * The commands `argv` needs: the one it names, or all of them for the help listing and for a name that is none of
 * them (commander then suggests the nearest). Only `-V/--version` and `-h/--help` may come before a command.
 */
function commandsFor(argv: readonly string[] | undefined): typeof COMMANDS {
  const first = argv?.find((a) => !a.startsWith('-'));
  if (argv && (first === undefined || first === 'help') && argv.some((a) => a === '-V' || a === '--version')) return [];
  const named = COMMANDS.filter(([name]) => name === first);
  return named.length ? named : COMMANDS;
}

/** After a bad flag: the error and this one line, not the whole help (which would scroll the error away). */
const usageHint = (cmd: Command) => `(run ${cmd.parent ? `rollgate ${cmd.name()}` : 'rollgate'} --help for usage)`;

/**
 * The `rollgate` command: a declarative table of commands; the one place that exits. With `argv`, only the command
 * it names is loaded; without, every command.
 */
export async function buildProgram(ctx: CliContext = createContext(), argv?: readonly string[]): Promise<Command> {
  const program = new Command('rollgate')
    .description('rollgate: a contract broker and compatibility gate (Pact Broker API, can-i-deploy, can-i-rollback)')
    .configureOutput({ writeOut: ctx.io.out, writeErr: ctx.io.err })
    // Only before a command: `can-i-deploy --pacticipant web --version 1` is that command's --version.
    .enablePositionalOptions()
    .version(packageVersion(), '-V, --version', 'print the rollgate version')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 yes, 1 a negative answer (not deployable, not safe), 2 bad flags, 3 broker unreachable,\n4 broker error, 5 unreadable file, 10 internal error. See docs/cli.md.\n',
    );
  program.showHelpAfterError(usageHint(program));
  const modules = await Promise.all(commandsFor(argv).map(([, load]) => load()));
  for (const { register } of modules) register(program, ctx);
  for (const cmd of program.commands) cmd.showHelpAfterError(usageHint(cmd));
  return program;
}

/** Runs `rollgate <argv>` and resolves with the exit code; `overrides` let tests capture output and set env. */
export async function main(argv: string[], overrides: Partial<Omit<CliContext, 'exitCode'>> = {}): Promise<number> {
  const ctx = createContext(overrides);
  try {
    const program = await buildProgram(ctx, argv);
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
export async function runAsCommand(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * `tsx cli/src/main.ts ...` (npm start, docs) runs the command; importing this module (tests, the bin) does not.
 * Only when this module is main.ts or main.js itself: in the installed package it is bundled into the bin, which
 * runs the command already.
 */
function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  const self = fileURLToPath(import.meta.url);
  if (!/[\\/]main\.[jt]s$/.test(self)) return false;
  try {
    return realpathSync(process.argv[1]) === self;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runAsCommand();
