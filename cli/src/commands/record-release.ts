/**
 * `rollgate record-release --pacticipant P --version V --environment E`: like record-deployment, through the
 * version's `pb:record-release` link. A release does not replace the versions released before it.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { recordInEnvironment } from '../lookups.ts';
import { action, brokerClient, versionInEnvironmentCommand, type VersionInEnvironmentOptions } from '../options.ts';

type Options = VersionInEnvironmentOptions;

export function register(program: Command, ctx: CliContext): void {
  const cmd = versionInEnvironmentCommand(program, {
    name: 'record-release',
    description:
      'Record that a version was released to an environment (e.g. a mobile app in a store); earlier releases stay supported',
    pacticipant: 'the application released',
    version: 'the version released',
    environment: 'the environment it was released to',
    examples: ['rollgate record-release --pacticipant ios-app --version 5.1.0 --environment app-store'],
  });
  cmd.action(
    action(ctx, async (opts: Options) => {
      const client = brokerClient(opts, ctx);
      const body = await recordInEnvironment(client, opts, 'pb:record-release', {});
      if (opts.output === 'json') return sayJson(ctx, body);
      say(ctx, `Recorded release of ${opts.pacticipant} version ${opts.version} to ${opts.environment}`);
    }),
  );
}
