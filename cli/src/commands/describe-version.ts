/**
 * `rollgate describe-version --pacticipant P [--version V | --latest [TAG]]`: `GET /` then the index relation
 * `pb:pacticipant-version`, `pb:latest-version` or `pb:latest-tagged-version`.
 */
import type { Command } from 'commander';
import type { HalResource } from '../broker-client.ts';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { BrokerError, UsageError } from '../errors.ts';
import { embedded } from '../lookups.ts';
import {
  action,
  addBrokerOptions,
  addOutputOption,
  brokerClient,
  examples,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';
import { table } from '../output/table.ts';

interface Options extends BrokerOptions {
  pacticipant: string;
  version?: string;
  latest?: string | boolean;
  output: OutputFormat;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('describe-version')
    .description('Show a version of an application: branch, tags, build URL, where it is deployed')
    .requiredOption('-a, --pacticipant <name>', 'the application')
    .option('-e, --version <version>', 'the version (default: the latest)')
    .option('-l, --latest [tag]', 'the latest version, or the latest with this tag');
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate describe-version --pacticipant orders --version 2.0.0',
      'rollgate describe-version --pacticipant orders --latest',
      'rollgate describe-version --pacticipant orders --latest prod --output json',
    ),
  );
  cmd.action(
    action(ctx, async (opts: Options) => {
      if (opts.version !== undefined && opts.latest !== undefined)
        throw new UsageError('rollgate: give --version or --latest, not both');
      const client = brokerClient(opts, ctx);
      const p = { pacticipant: opts.pacticipant };
      const href =
        opts.version !== undefined
          ? await client.indexLink('pb:pacticipant-version', { ...p, version: opts.version })
          : typeof opts.latest === 'string'
            ? await client.indexLink('pb:latest-tagged-version', { ...p, tag: opts.latest })
            : await client.indexLink('pb:latest-version', p);
      const res = await client.get<HalResource>(href, { allow404: true });
      if (res.status === 404) {
        const which =
          opts.version !== undefined
            ? `version ${opts.version}`
            : typeof opts.latest === 'string'
              ? `version tagged ${opts.latest}`
              : 'version';
        throw new BrokerError(`rollgate: no ${which} of ${opts.pacticipant} found in the broker`, 404, res.body);
      }
      if (opts.output === 'json') return sayJson(ctx, res.body);
      const v = res.body as HalResource & { number?: string; branch?: string; buildUrl?: string; createdAt?: string };
      const branches = embedded<{ name: string }>(v, 'branchVersions').map((b) => b.name);
      const tags = embedded<{ name: string }>(v, 'tags').map((t) => t.name);
      say(
        ctx,
        table(
          ['NUMBER', 'BRANCHES', 'TAGS', 'BUILD URL', 'CREATED'],
          [
            [
              v.number,
              (branches.length ? branches : [v.branch]).filter(Boolean).join(', '),
              tags.join(', '),
              v.buildUrl,
              v.createdAt,
            ],
          ],
        ),
      );
      const deployed = embedded<{
        environment?: string;
        currentlyDeployed?: boolean;
        applicationInstance?: string | null;
      }>(v, 'deployedVersions');
      const released = embedded<{ environment?: string; currentlySupported?: boolean }>(v, 'releasedVersions');
      if (deployed.length || released.length) {
        say(ctx);
        say(
          ctx,
          table(
            ['ENVIRONMENT', 'KIND', 'STATUS'],
            [
              ...deployed.map((d) => [
                `${d.environment ?? ''}${d.applicationInstance ? ` [${d.applicationInstance}]` : ''}`,
                'deployed',
                d.currentlyDeployed ? 'currently deployed' : 'undeployed',
              ]),
              ...released.map((r) => [r.environment, 'released', r.currentlySupported ? 'supported' : 'support ended']),
            ],
          ),
        );
      }
    }),
  );
}
