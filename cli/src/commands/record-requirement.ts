/**
 * `rollgate record-requirement --pacticipant P --version V --requires OTHER (--at-least W | --range R)` (issue 21):
 * version V of P needs OTHER at or above W (semver, or the order on OTHER's main branch for other version schemes)
 * or within the semver range R. can-i-rollback treats it as evidence for the pairs of P V with OTHER, pact or not.
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { UsageError } from '../errors.ts';
import { action, brokerClient, versionCommand, versionPath, type VersionOptions } from '../options.ts';

interface Options extends VersionOptions {
  requires: string;
  atLeast?: string;
  range?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = versionCommand(program, {
    name: 'record-requirement',
    description: 'Record that a version needs another pacticipant at or above a version, or within a semver range',
    pacticipant: 'the application whose version has the requirement',
    version: 'the version that has it',
    own: (c) =>
      c
        .requiredOption('--requires <name>', 'the pacticipant it needs')
        .addOption(new Option('--at-least <version>', 'the lowest version of it that works').conflicts('range'))
        .addOption(new Option('--range <range>', 'a semver range of its versions that work (e.g. ^2.0.0)')),
    examples: [
      'rollgate record-requirement --pacticipant billing --version 3.1.0 --requires ledger --at-least 2.0.0',
      'rollgate record-requirement --pacticipant billing --version 3.1.0 --requires ledger --range "^2.0.0"',
    ],
  });
  cmd.action(
    action(ctx, async (opts: Options) => {
      if (opts.atLeast === undefined && opts.range === undefined)
        throw new UsageError('record-requirement needs --at-least VERSION or --range RANGE');
      const client = brokerClient(opts, ctx);
      const body = opts.range !== undefined ? { range: opts.range } : { atLeast: opts.atLeast };
      const res = await client.request(
        'PUT',
        versionPath(opts.pacticipant, opts.version, 'requirements', opts.requires),
        body,
      );
      if (opts.output === 'json') return sayJson(ctx, res.body);
      const what = opts.range !== undefined ? `within ${opts.range}` : `at least ${opts.atLeast}`;
      say(ctx, `Recorded: ${opts.pacticipant} ${opts.version} requires ${opts.requires} ${what}`);
    }),
  );
}
