import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Pact Broker clients' own consumer pacts (pact-foundation/pact_broker-client, MIT; fixtures/pb-client-pacts). */
export const CLIENT_PACTS_DIR = resolve('fixtures/pb-client-pacts');

export interface ClientPact {
  file: string;
  consumer: string;
  provider: string;
  interactions: ClientInteraction[];
}

export interface ClientInteraction {
  description: string;
  providerState?: string;
  request: { method: string; path: string; query?: string };
  response: { status: number };
}

export function loadClientPact(file: string): ClientPact {
  const pact = JSON.parse(readFileSync(join(CLIENT_PACTS_DIR, file), 'utf8'));
  return { file, consumer: pact.consumer.name, provider: pact.provider.name, interactions: pact.interactions };
}

/**
 * A regex matching rule as pact-ruby wrote it and reads it: Ruby's `Regexp#match` searches the value (a match
 * anywhere), where the Rust Verifier (Oniguruma's `is_match`) must match the whole value. The same rule, worded
 * for whole values: anything, then the rule, then anything (the values are single-line links).
 */
export const searchedRegex = (regex: string) => `.*(?:${regex}).*`;

/** Every regex matching rule under `node`, reworded by `reword`. */
function rewordRegexes(node: unknown, reword: (regex: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewordRegexes(n, reword));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewordRegexes(v, reword);
  if (out.match === 'regex' && typeof out.regex === 'string') out.regex = reword(out.regex);
  return out;
}

/**
 * Writes a pact file holding only interaction `index` of `file` (same consumer, provider and metadata) into `dir`,
 * so that the Verifier replays it alone against a broker of its own. With `searchedRegexes` (a pact written by
 * pact-ruby), its regex rules are given to the Verifier as pact-ruby reads them (`searchedRegex`).
 */
export function writeSingleInteractionPact(
  file: string,
  index: number,
  dir: string,
  opts: { searchedRegexes?: boolean } = {},
): string {
  const pact = JSON.parse(readFileSync(join(CLIENT_PACTS_DIR, file), 'utf8'));
  const out = join(dir, `interaction-${index}.json`);
  const interaction = opts.searchedRegexes
    ? rewordRegexes(pact.interactions[index], searchedRegex)
    : pact.interactions[index];
  writeFileSync(out, JSON.stringify({ ...pact, interactions: [interaction] }));
  return out;
}

/**
 * The query string the client sends for an interaction, in its order: as the first pact (written by the Ruby
 * client, which keeps the order) records it. The newer pact's file already holds the parameters sorted by name.
 */
export function recordedQuery(interaction: ClientInteraction): string | undefined {
  if (typeof interaction.request.query !== 'string') return undefined;
  const first = loadClientPact('pact_broker_client-pact_broker.json').interactions.find(
    (i) => i.description === interaction.description && i.providerState === interaction.providerState,
  );
  return first?.request.query ?? interaction.request.query;
}
