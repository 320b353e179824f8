/**
 * `rollgate publish <paths...>`: pact files or folders -> one `POST /contracts/publish` per consumer (found
 * through the index relation `pb:publish-contracts`), every pact base64-encoded as the Pact clients send it.
 */
import type { Command } from 'commander';
import type { Pact } from '../../../contracts/src/pact/model.ts';
import type { CliContext } from '../context.ts';
import { say, sayJsonBodies } from '../context.ts';
import { UnreadableFileError } from '../errors.ts';
import { expandJsonPaths, readJson } from '../files.ts';
import {
  action,
  addBrokerOptions,
  addOutputOption,
  brokerClient,
  commaList,
  examples,
  versionLabels,
  type BrokerOptions,
  type OutputFormat,
} from '../options.ts';
import { printNotices } from '../output/notices.ts';

interface PublishOptions extends BrokerOptions {
  consumerAppVersion: string;
  branch?: string;
  tag?: string[];
  buildUrl?: string;
  merge?: boolean;
  output: OutputFormat;
}

interface PactFile {
  file: string;
  text: string;
  json: Record<string, unknown>;
  consumer: string;
  provider: string;
  /** The specification major version, declared or inferred as the broker reads it. */
  specification: Pact['specVersion'];
}

/**
 * A file is checked here with the parser the broker uses (contracts/src/pact/parse.ts), so a pact the broker would
 * refuse is refused before anything is sent, in the broker's words (contracts/src/pact/messages.ts).
 */
async function toPactFile(file: string, text: string, json: unknown): Promise<PactFile> {
  const [{ parsePact }, { ContractError }] = await Promise.all([
    import('../../../contracts/src/pact/parse.ts'),
    import('../../../contracts/src/errors.ts'),
  ]);
  let pact: Pact;
  try {
    pact = parsePact(json);
  } catch (e) {
    if (e instanceof ContractError) throw new UnreadableFileError(file, `not a usable pact: ${e.message}`);
    throw e;
  }
  return {
    file,
    text,
    json: pact.raw,
    consumer: pact.consumer,
    provider: pact.provider,
    specification: pact.specVersion,
  };
}

/** Several files for one consumer/provider pair become one pact (as `pact-broker publish` does); exact duplicates collapse. */
export function mergePacts(files: PactFile[]): { content: string; files: string[] } {
  if (files.length === 1) return { content: files[0]!.text, files: [files[0]!.file] };
  const [first, ...rest] = files as [PactFile, ...PactFile[]];
  for (const f of rest) {
    if (f.specification !== first.specification) {
      throw new UnreadableFileError(
        f.file,
        `cannot be merged with ${first.file}: pact specification v${f.specification} vs v${first.specification} for ${first.consumer} -> ${first.provider}`,
      );
    }
  }
  const merged: Record<string, unknown> = { ...first.json };
  for (const key of ['interactions', 'messages'] as const) {
    const seen = new Set<string>();
    const all = files.flatMap((f) => (Array.isArray(f.json[key]) ? (f.json[key] as unknown[]) : []));
    if (!all.length) continue;
    merged[key] = all.filter((i) => {
      const k = JSON.stringify(i);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return { content: JSON.stringify(merged), files: files.map((f) => f.file) };
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('publish')
    .description('Publish pact files (or folders of *.json pacts) for a consumer version')
    .argument('<paths...>', 'pact files or folders')
    .requiredOption('-a, --consumer-app-version <version>', 'the consumer version the pacts belong to')
    .option('--branch <branch>', "the consumer version's branch")
    .option('-t, --tag <tags>', 'tags for the consumer version, comma separated; repeatable', commaList)
    .option('--build-url <url>', 'the CI build that produced the pacts')
    .option(
      '--merge',
      'merge the interactions into a pact already published for this version instead of refusing different content',
    );
  addBrokerOptions(cmd);
  addOutputOption(cmd);
  cmd.addHelpText(
    'after',
    examples(
      'rollgate publish ./pacts --consumer-app-version 1.2.0 --branch main',
      'rollgate publish pacts/web-orders.json --consumer-app-version $(git rev-parse --short HEAD) --branch $BRANCH --tag dev,qa',
      'rollgate publish ./pacts --consumer-app-version 1.2.0 --merge --build-url $CI_JOB_URL -b https://broker.example.com -k $TOKEN',
    ),
  );
  cmd.action(
    action(ctx, async (paths: string[], opts: PublishOptions) => {
      const files = await expandJsonPaths(paths);
      const pacts: PactFile[] = [];
      for (const file of files) {
        const { text, json } = await readJson(file);
        pacts.push(await toPactFile(file, text, json));
      }
      // consumer -> provider -> files, in the order the files were given
      const byConsumer = new Map<string, Map<string, PactFile[]>>();
      for (const p of pacts) {
        const providers = byConsumer.get(p.consumer) ?? new Map<string, PactFile[]>();
        byConsumer.set(p.consumer, providers);
        providers.set(p.provider, [...(providers.get(p.provider) ?? []), p]);
      }
      const client = brokerClient(opts, ctx);
      const href = await client.indexLink('pb:publish-contracts');
      const bodies: unknown[] = [];
      for (const [consumer, providers] of byConsumer) {
        const contracts = [...providers].map(([provider, group]) => ({
          consumerName: consumer,
          providerName: provider,
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(mergePacts(group).content, 'utf8').toString('base64'),
          ...(opts.merge ? { onConflict: 'merge' } : {}),
        }));
        const res = await client.post(href, {
          pacticipantName: consumer,
          pacticipantVersionNumber: opts.consumerAppVersion,
          ...versionLabels(opts),
          contracts,
        });
        bodies.push(res.body);
        if (opts.output === 'text') {
          const printed = printNotices(ctx, res.body);
          if (!printed)
            say(
              ctx,
              `Published ${contracts.length} pact(s) for ${consumer} version ${opts.consumerAppVersion}: ${contracts.map((c) => `${consumer} -> ${c.providerName}`).join(', ')}`,
            );
        }
      }
      if (opts.output === 'json') sayJsonBodies(ctx, bodies);
    }),
  );
}
