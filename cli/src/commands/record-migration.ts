/**
 * `rollgate record-migration --pacticipant P --version V --id ID (--irreversible | --down COMMAND)` (issue 21): the
 * version introduced a data migration. can-i-rollback then refuses to roll the pacticipant back past an irreversible
 * one, and puts the down step of a reversible one into its plan.
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { UsageError } from '../errors.ts';
import { action, brokerClient, versionCommand, versionPath, type VersionOptions } from '../options.ts';

interface Options extends VersionOptions {
  id: string;
  irreversible?: boolean;
  down?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = versionCommand(program, {
    name: 'record-migration',
    description:
      'Record a data migration a version introduced: irreversible, or reversible with the command that reverts it',
    pacticipant: 'the application whose version introduced the migration',
    version: 'the version that introduced it',
    own: (c) =>
      c
        .requiredOption('--id <id>', "the migration's id (as your migration tool names it)")
        .addOption(new Option('--irreversible', 'the migration cannot be reverted').conflicts('down'))
        .addOption(new Option('--down <command>', 'the command or runbook line that reverts it')),
    examples: [
      'rollgate record-migration --pacticipant payments --version 2.0.0 --id 0042_drop_legacy --irreversible',
      'rollgate record-migration --pacticipant payments --version 2.1.0 --id 0043_add_index --down "npm run migrate:down -- 0043"',
    ],
  });
  cmd.action(
    action(ctx, async (opts: Options) => {
      if (!opts.irreversible && opts.down === undefined)
        throw new UsageError('record-migration needs --irreversible or --down COMMAND: say whether it can be reverted');
      const client = brokerClient(opts, ctx);
      const body = opts.irreversible ? { reversible: false } : { reversible: true, down: opts.down };
      const res = await client.request<{ id: string }>(
        'PUT',
        versionPath(opts.pacticipant, opts.version, 'migrations', opts.id),
        body,
      );
      if (opts.output === 'json') return sayJson(ctx, res.body);
      const how = opts.irreversible ? 'irreversible' : `reversible by: ${opts.down}`;
      say(
        ctx,
        `${res.status === 201 ? 'Recorded' : 'Already recorded:'} migration ${opts.id} of ${opts.pacticipant} version ${opts.version} (${how})`,
      );
    }),
  );
}
