/**
 * `rollgate record-support-ended --pacticipant P --version V --environment E`: find E through `/environments`,
 * list its currently supported released versions of P at V, and `PATCH {currentlySupported: false}` onto them.
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
  version: string;
  environment: string;
  output: OutputFormat;
}

interface ReleasedVersion {
  uuid: string;
  _embedded?: { version?: { number?: string } };
  _links?: { self?: { href: string } };
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('record-support-ended')
    .description('Record that a released version is no longer supported in an environment')
    .requiredOption('-a, --pacticipant <name>', 'the application')
    .requiredOption('-e, --version <version>', 'the released version that is no longer supported')
    .requiredOption('--environment <name>', 'the environment it was released to');
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText('after', examples('rollgate record-support-ended --pacticipant ios-app --version 4.2.0 --environment app-store'));
  cmd.action(action(ctx, async (opts: Options) => {
    const client = brokerClient(opts, ctx);
    const env = await findEnvironment(client, opts.environment);
    const listHref = links(env, 'pb:currently-supported-released-versions')[0]?.href ?? `/environments/${encodeURIComponent(env.uuid)}/released-versions/currently-supported`;
    const list = await client.get(`${listHref}${listHref.includes('?') ? '&' : '?'}${new URLSearchParams({ pacticipant: opts.pacticipant, version: opts.version })}`);
    // Filter again here: an older broker may ignore the version parameter.
    const matching = embedded<ReleasedVersion>(list.body, 'releasedVersions').filter((r) => r._embedded?.version?.number === undefined || r._embedded.version.number === opts.version);
    if (!matching.length) throw new BrokerError(`rollgate: ${opts.pacticipant} version ${opts.version} is not a currently supported release in ${opts.environment}`);
    const bodies: unknown[] = [];
    for (const r of matching) bodies.push((await client.patch(r._links?.self?.href ?? `/released-versions/${encodeURIComponent(r.uuid)}`, { currentlySupported: false })).body);
    if (opts.output === 'json') return say(ctx, JSON.stringify(bodies.length === 1 ? bodies[0] : bodies, null, 2));
    say(ctx, `Recorded support ended for ${opts.pacticipant} version ${opts.version} in ${opts.environment}`);
  }));
}
