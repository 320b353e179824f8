/**
 * `rollgate record-deployment --pacticipant P --version V --environment E [--application-instance I]`: the Pact
 * Broker flow: `GET /pacticipants/P/versions/V`, take its `pb:record-deployment` link named E, `POST` it.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { recordInEnvironment } from '../lookups.ts';
import { action, brokerClient, versionInEnvironmentCommand, type VersionInEnvironmentOptions } from '../options.ts';

interface Options extends VersionInEnvironmentOptions {
  applicationInstance?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = versionInEnvironmentCommand(program, {
    name: 'record-deployment',
    description:
      'Record that a version is now deployed to an environment (it replaces the version deployed there before)',
    pacticipant: 'the application deployed',
    version: 'the version deployed',
    environment: 'the environment it was deployed to',
    examples: [
      'rollgate record-deployment --pacticipant orders --version 2.0.0 --environment production',
      'rollgate record-deployment --pacticipant orders --version 2.0.0 --environment production --application-instance blue',
    ],
  }).option(
    '--application-instance <instance>',
    'which instance, when several versions run side by side (e.g. blue, eu-west)',
  );
  cmd.action(
    action(ctx, async (opts: Options) => {
      const client = brokerClient(opts, ctx);
      const instance = opts.applicationInstance;
      const body = await recordInEnvironment(
        client,
        opts,
        'pb:record-deployment',
        instance !== undefined ? { applicationInstance: instance, target: instance } : {},
      );
      if (opts.output === 'json') return sayJson(ctx, body);
      say(
        ctx,
        `Recorded deployment of ${opts.pacticipant} version ${opts.version} to ${opts.environment}${instance !== undefined ? ` (application instance ${instance})` : ''}`,
      );
    }),
  );
}
