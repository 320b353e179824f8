import type { Command } from 'commander';
import { AuthConfigError } from '../../../broker/src/auth/settings.ts';
import { UsageError } from '../errors.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the broker (SQLite file by default, or a postgres:// URL)')
    .option('--port <port>', 'port to listen on (ROLLGATE_PORT)', (v) => Number(v))
    .option('--host <host>', 'address to bind (ROLLGATE_HOST); 127.0.0.1 by default')
    .option('--database <fileOrUrl>', 'SQLite file or postgres:// URL (ROLLGATE_DATABASE)')
    .option('--base-url <url>', 'public base URL used in links (ROLLGATE_BASE_URL)')
    .option(
      '--allow-unauthenticated',
      'listen on a non-loopback address without any credentials configured (ROLLGATE_ALLOW_UNAUTHENTICATED)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  rollgate serve\n  rollgate serve --port 9292 --database ./rollgate.db\n  rollgate serve --database postgres://postgres@127.0.0.1:5432/broker\n',
    )
    .action(
      async (opts: {
        port?: number;
        host?: string;
        database?: string;
        baseUrl?: string;
        allowUnauthenticated?: boolean;
      }) => {
        // Loaded on demand: the other commands are clients and need none of the server.
        const { startBroker, ListenError, KeepSelectorError } = await import('../../../broker/src/server.ts');
        const broker = await startBroker({
          port: opts.port,
          host: opts.host,
          database: opts.database,
          baseUrl: opts.baseUrl,
          allowUnauthenticated: opts.allowUnauthenticated,
        }).catch((e) => {
          if (e instanceof AuthConfigError || e instanceof ListenError || e instanceof KeepSelectorError)
            throw new UsageError(`rollgate: ${e.message}`);
          throw e;
        });
        const stop = async () => {
          await broker.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await new Promise(() => undefined);
      },
    );
}
