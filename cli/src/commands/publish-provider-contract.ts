/**
 * `rollgate publish-provider-contract <file>`: a provider's OpenAPI document and its self-verification result,
 * with the flags of PactFlow's `pactflow publish-provider-contract`, POSTed to
 * `/provider-contracts/provider/{p}/publish` (index relation `pf:publish-provider-contract` when the broker has it).
 */
import { Option, type Command } from 'commander';
import { extname } from 'node:path';
import { links } from '../broker-client.ts';
import type { CliContext } from '../context.ts';
import { say, sayJson } from '../context.ts';
import { UsageError } from '../errors.ts';
import { readBytes } from '../files.ts';
import {
  action,
  addBrokerOptions,
  addOutputOption,
  brokerClient,
  commaList,
  examples,
  nonNegativeInt,
  versionLabels,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';
import { printNotices } from '../output/notices.ts';

interface Options extends BrokerOptions {
  provider: string;
  providerAppVersion: string;
  branch?: string;
  tag?: string[];
  buildUrl?: string;
  contentType?: string;
  specification: string;
  verificationSuccess?: boolean;
  verificationExitCode?: number;
  verificationResults?: string;
  verificationResultsContentType?: string;
  verificationResultsFormat?: string;
  verifier?: string;
  verifierVersion?: string;
  output: OutputFormat;
}

export function documentContentType(file: string): string | undefined {
  const ext = extname(file).toLowerCase();
  return ext === '.yaml' || ext === '.yml' ? 'application/yaml' : ext === '.json' ? 'application/json' : undefined;
}

const RESULT_TYPES: Record<string, { contentType: string; format: string }> = {
  '.json': { contentType: 'application/json', format: 'json' },
  '.xml': { contentType: 'application/xml', format: 'junit' },
  '.txt': { contentType: 'text/plain', format: 'text' },
  '.log': { contentType: 'text/plain', format: 'text' },
};

/** The self-verification result: success comes from --[no-]verification-success or, failing that, --verification-exit-code. */
function success(opts: Options): boolean | undefined {
  if (opts.verificationSuccess !== undefined) return opts.verificationSuccess;
  if (opts.verificationExitCode !== undefined) return opts.verificationExitCode === 0;
  return undefined;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('publish-provider-contract')
    .description("Publish a provider's OpenAPI document (JSON or YAML) with its self-verification result")
    .argument('<file>', 'the OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1)')
    .requiredOption('--provider <name>', 'the provider')
    .requiredOption('-a, --provider-app-version <version>', 'the provider version the document describes')
    .option('--branch <branch>', "the provider version's branch")
    .option('-t, --tag <tags>', 'tags for the provider version, comma separated; repeatable', commaList)
    .option('--build-url <url>', 'the CI build that produced the document')
    .addOption(
      new Option('--content-type <type>', "the document's media type (guessed from .yaml/.yml/.json)").choices([
        'application/yaml',
        'application/json',
      ]),
    )
    .addOption(new Option('--specification <spec>', "the contract's specification").choices(['oas']).default('oas'))
    .option('--verification-success', "the provider's own tests of the document passed")
    .option('--no-verification-success', "the provider's own tests of the document failed")
    .option(
      '--verification-exit-code <code>',
      'exit code of the self-verification (0 = success), if neither success flag is given',
      nonNegativeInt,
    )
    .option('--verification-results <file>', 'the self-verification report')
    .option('--verification-results-content-type <type>', 'media type of the report (guessed from its extension)')
    .option(
      '--verification-results-format <format>',
      'format of the report, e.g. text, json, junit (guessed from its extension)',
    )
    .option('--verifier <name>', 'the tool that verified the document, e.g. dredd, schemathesis')
    .option('--verifier-version <version>', 'its version');
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate publish-provider-contract openapi.yaml --provider orders --provider-app-version 2.0.0 --branch main \\',
      '    --verification-success --verification-results report.txt --verifier schemathesis',
      'rollgate publish-provider-contract openapi.json --provider orders -a $(git rev-parse --short HEAD) --verification-exit-code $?',
    ),
  );
  cmd.action(
    action(ctx, async (file: string, opts: Options) => {
      const contentType = opts.contentType ?? documentContentType(file);
      if (!contentType)
        throw new UsageError(
          `rollgate: cannot tell the media type of ${file} from its extension: pass --content-type application/yaml or application/json`,
        );
      const ok = success(opts);
      if (ok === undefined && (opts.verificationResults || opts.verifier)) {
        throw new UsageError(
          'rollgate: a self-verification result needs --verification-success, --no-verification-success or --verification-exit-code',
        );
      }
      const document = await readBytes(file);
      let selfVerificationResults: Record<string, unknown> | undefined;
      if (ok !== undefined) {
        const guessed = opts.verificationResults
          ? RESULT_TYPES[extname(opts.verificationResults).toLowerCase()]
          : undefined;
        selfVerificationResults = {
          success: ok,
          ...(opts.verificationResults
            ? { content: (await readBytes(opts.verificationResults)).toString('base64') }
            : {}),
          ...(opts.verificationResults
            ? { contentType: opts.verificationResultsContentType ?? guessed?.contentType ?? 'text/plain' }
            : {}),
          ...(opts.verificationResults || opts.verificationResultsFormat
            ? { format: opts.verificationResultsFormat ?? guessed?.format ?? 'text' }
            : {}),
          ...(opts.verifier !== undefined ? { verifier: opts.verifier } : {}),
          ...(opts.verifierVersion !== undefined ? { verifierVersion: opts.verifierVersion } : {}),
        };
      }
      const client = brokerClient(opts, ctx);
      const index = await client.index();
      const template =
        links(index, 'pf:publish-provider-contract')[0]?.href ?? '/provider-contracts/provider/{provider}/publish';
      const href = template.replace('{provider}', encodeURIComponent(opts.provider));
      const res = await client.post(href, {
        pacticipantVersionNumber: opts.providerAppVersion,
        ...versionLabels(opts),
        contract: {
          content: document.toString('base64'),
          contentType,
          specification: opts.specification,
          ...(selfVerificationResults ? { selfVerificationResults } : {}),
        },
      });
      if (opts.output === 'json') return sayJson(ctx, res.body);
      if (!printNotices(ctx, res.body))
        say(
          ctx,
          `Published the provider contract of ${opts.provider} version ${opts.providerAppVersion}${opts.branch ? ` (branch ${opts.branch})` : ''}`,
        );
    }),
  );
}
