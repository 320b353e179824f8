import { Command, CommanderError } from 'commander';
import { EXIT, ExitError } from './errors.ts';
import { register as serve } from './commands/serve.ts';

/** The `rollgate` command: a declarative table of commands; the one place that exits. */
export function buildProgram(): Command {
  const program = new Command('rollgate')
    .description('rollgate: a contract broker and compatibility gate (Pact Broker API, can-i-deploy, can-i-rollback)')
    .exitOverride()
    .showHelpAfterError();
  for (const register of [serve]) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander exits 1 by default; a bad flag must never look like a negative answer.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof ExitError) {
      if (e.message) process.stderr.write(`${e.message}\n`);
      return e.code;
    }
    process.stderr.write(`rollgate: unexpected error: ${(e as Error).stack ?? e}\n`);
    return EXIT.internal;
  }
}

if (process.argv[1] && /cli[\\/](src[\\/]main\.ts|bin[\\/]rollgate\.js)$/.test(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
} else if (process.argv[1]?.endsWith('rollgate')) {
  process.exitCode = await main(process.argv.slice(2));
}
