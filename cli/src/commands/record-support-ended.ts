/**
 * `rollgate record-support-ended --pacticipant P --version V --environment E`: find E through `/environments`,
 * list its currently supported released versions of P at V, and `PATCH {currentlySupported: false}` onto them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJsonBodies } from '../context.ts';
import { BrokerError } from '../errors.ts';
import { currentEntries, patchEntry } from '../lookups.ts';
import { action, brokerClient, versionInEnvironmentCommand, type VersionInEnvironmentOptions } from '../options.ts';

type Options = VersionInEnvironmentOptions;

export function register(program: Command, ctx: CliContext): void {
  const cmd = versionInEnvironmentCommand(program, {
    name: 'record-support-ended',
    description: 'Record that a released version is no longer supported in an environment',
    pacticipant: 'the application',
    version: 'the released version that is no longer supported',
    environment: 'the environment it was released to',
    examples: ['rollgate record-support-ended --pacticipant ios-app --version 4.2.0 --environment app-store'],
  });
  cmd.action(
    action(ctx, async (opts: Options) => {
      const client = brokerClient(opts, ctx);
      const released = await currentEntries(client, opts.environment, 'released', {
        pacticipant: opts.pacticipant,
        version: opts.version,
      });
      // Filter again here: an older broker may ignore the version parameter.
      const matching = released.filter(
        (r) => r._embedded?.version?.number === undefined || r._embedded.version.number === opts.version,
      );
      if (!matching.length)
        throw new BrokerError(
          `rollgate: ${opts.pacticipant} version ${opts.version} is not a currently supported release in ${opts.environment}`,
        );
      const bodies: unknown[] = [];
      for (const r of matching) bodies.push(await patchEntry(client, 'released', r, { currentlySupported: false }));
      if (opts.output === 'json') return sayJsonBodies(ctx, bodies);
      say(ctx, `Recorded support ended for ${opts.pacticipant} version ${opts.version} in ${opts.environment}`);
    }),
  );
}
