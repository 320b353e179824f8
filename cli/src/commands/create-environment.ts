/** `rollgate create-environment --name N [--display-name D] [--production]`: `POST` to the index's `pb:environments`. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
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
  name: string;
  displayName?: string;
  production?: boolean;
  contactName?: string;
  contactEmailAddress?: string;
  output: OutputFormat;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('create-environment')
    .description('Create an environment (a place versions are deployed or released to)')
    .requiredOption('--name <name>', "the environment's name, no spaces (e.g. production)")
    .option('--display-name <name>', 'a name for people (e.g. "Production EU")')
    .option('--production', 'this environment is production', false)
    .option('--contact-name <name>', 'who to contact about it')
    .option('--contact-email-address <email>', 'their email address');
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate create-environment --name production --display-name Production --production',
      'rollgate create-environment --name test',
    ),
  );
  cmd.action(
    action(ctx, async (opts: Options) => {
      const client = brokerClient(opts, ctx);
      const href = await client.indexLink('pb:environments');
      const contact = opts.contactName
        ? [
            {
              name: opts.contactName,
              ...(opts.contactEmailAddress ? { details: { emailAddress: opts.contactEmailAddress } } : {}),
            },
          ]
        : undefined;
      const res = await client.post<{ uuid?: string } | undefined>(href, {
        name: opts.name,
        production: Boolean(opts.production),
        ...(opts.displayName !== undefined ? { displayName: opts.displayName } : {}),
        ...(contact ? { contacts: contact } : {}),
      });
      if (opts.output === 'json') return sayJson(ctx, res.body);
      say(ctx, `Created environment ${opts.name} (UUID ${res.body?.uuid ?? 'not returned'})`);
    }),
  );
}
