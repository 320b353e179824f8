/**
 * `rollgate record-undeployment --pacticipant P --environment E [--application-instance I]`: find E through
 * `/environments`, list what is currently deployed there for P, and `PATCH {currentlyDeployed: false}` onto
 * the deployment of that instance (application/merge-patch+json), as the Pact Broker clients do.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJsonBodies } from '../context.ts';
import { BrokerError } from '../errors.ts';
import { currentEntries, patchEntry } from '../lookups.ts';
import {
  action,
  addBrokerOptions,
  addOutputOption,
  brokerClient,
  examples,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';

interface Options extends BrokerOptions {
  pacticipant: string;
  environment: string;
  applicationInstance?: string;
  output: OutputFormat;
}

/**
 * What is deployed, for the message when the asked-for instance is not: "currently deployed: blue (version 2),
 * (no instance) (version 1); pass --application-instance blue, or leave --application-instance out for (no instance)".
 */
function deployedInstances(
  all: { applicationInstance?: string | null; _embedded?: { version?: { number?: string } } }[],
): string {
  const label = (i: string | null) => i ?? '(no instance)';
  const instances = [...new Set(all.map((d) => d.applicationInstance ?? null))];
  const listed = instances.map((i) => {
    const versions = all
      .filter((d) => (d.applicationInstance ?? null) === i)
      .map((d) => d._embedded?.version?.number)
      .filter(Boolean);
    return `${label(i)}${versions.length ? ` (version ${versions.join(', ')})` : ''}`;
  });
  const named = instances.filter((i): i is string => i !== null);
  const how = [
    ...(named.length ? [`pass --application-instance ${named.length === 1 ? named[0] : `<${named.join('|')}>`}`] : []),
    ...(instances.includes(null) ? ['leave --application-instance out for (no instance)'] : []),
  ];
  return `currently deployed: ${listed.join(', ')}; ${how.join(', or ')}`;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('record-undeployment')
    .description('Record that an application is no longer deployed to an environment')
    .requiredOption('-a, --pacticipant <name>', 'the application removed')
    .requiredOption('--environment <name>', 'the environment it was removed from')
    .option('--application-instance <instance>', 'which instance (leave out for the deployment recorded without one)');
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate record-undeployment --pacticipant orders --environment test',
      'rollgate record-undeployment --pacticipant orders --environment production --application-instance blue',
    ),
  );
  cmd.action(
    action(ctx, async (opts: Options) => {
      const client = brokerClient(opts, ctx);
      const all = await currentEntries(client, opts.environment, 'deployed', { pacticipant: opts.pacticipant });
      const wanted = opts.applicationInstance ?? null;
      const matching = all.filter((d) => (d.applicationInstance ?? null) === wanted);
      if (!matching.length) {
        const where = wanted === null ? ' without an application instance' : ` with application instance ${wanted}`;
        throw new BrokerError(
          `rollgate: ${opts.pacticipant} is not currently deployed to ${opts.environment}${all.length ? where : ''}${all.length ? `\n  ${deployedInstances(all)}` : ''}`,
        );
      }
      const bodies: unknown[] = [];
      for (const d of matching) {
        bodies.push(await patchEntry(client, 'deployed', d, { currentlyDeployed: false }));
        if (opts.output === 'text') {
          const version = d._embedded?.version?.number;
          say(
            ctx,
            `Recorded undeployment of ${opts.pacticipant}${version ? ` version ${version}` : ''} from ${opts.environment}${wanted === null ? '' : ` (application instance ${wanted})`}`,
          );
        }
      }
      if (opts.output === 'json') sayJsonBodies(ctx, bodies);
    }),
  );
}
