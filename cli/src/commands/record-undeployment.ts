/**
 * `rollgate record-undeployment --pacticipant P --environment E [--application-instance I]`: find E through
 * `/environments`, list what is currently deployed there for P, and `PATCH {currentlyDeployed: false}` onto
 * the deployment of that instance (application/merge-patch+json), as the Pact Broker clients do.
 */
import type { Command } from 'commander';
import { links } from '../broker-client.ts';
import type { CliContext } from '../context.ts';
import { say } from '../context.ts';
import { BrokerError } from '../errors.ts';
import { embedded, findEnvironment } from '../lookups.ts';
import { action, addBrokerOptions, addOutputOption, brokerClient, examples, type BrokerOptions, type OutputFormat } from '../options.ts';

interface Options extends BrokerOptions {
  pacticipant: string;
  environment: string;
  applicationInstance?: string;
  output: OutputFormat;
}

interface DeployedVersion {
  uuid: string;
  applicationInstance?: string | null;
  _embedded?: { version?: { number?: string } };
  _links?: { self?: { href: string } };
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
  cmd.addHelpText('after', examples(
    'rollgate record-undeployment --pacticipant orders --environment test',
    'rollgate record-undeployment --pacticipant orders --environment production --application-instance blue',
  ));
  cmd.action(action(ctx, async (opts: Options) => {
    const client = brokerClient(opts, ctx);
    const env = await findEnvironment(client, opts.environment);
    const listHref = links(env, 'pb:currently-deployed-deployed-versions')[0]?.href ?? `/environments/${encodeURIComponent(env.uuid)}/deployed-versions/currently-deployed`;
    const list = await client.get(`${listHref}${listHref.includes('?') ? '&' : '?'}${new URLSearchParams({ pacticipant: opts.pacticipant })}`);
    const all = embedded<DeployedVersion>(list.body, 'deployedVersions');
    const wanted = opts.applicationInstance ?? null;
    const matching = all.filter((d) => (d.applicationInstance ?? null) === wanted);
    if (!matching.length) {
      const instances = all.map((d) => d.applicationInstance ?? '(none)');
      const where = wanted === null ? '' : ` with application instance ${wanted}`;
      throw new BrokerError(`rollgate: ${opts.pacticipant} is not currently deployed to ${opts.environment}${where}${instances.length ? ` (currently deployed instances: ${instances.join(', ')}; pass --application-instance)` : ''}`);
    }
    const bodies: unknown[] = [];
    for (const d of matching) {
      const res = await client.patch(d._links?.self?.href ?? `/deployed-versions/${encodeURIComponent(d.uuid)}`, { currentlyDeployed: false });
      bodies.push(res.body);
      if (opts.output === 'text') {
        const version = d._embedded?.version?.number;
        say(ctx, `Recorded undeployment of ${opts.pacticipant}${version ? ` version ${version}` : ''} from ${opts.environment}${wanted === null ? '' : ` (application instance ${wanted})`}`);
      }
    }
    if (opts.output === 'json') say(ctx, JSON.stringify(bodies.length === 1 ? bodies[0] : bodies, null, 2));
  }));
}
