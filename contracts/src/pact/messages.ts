/**
 * The one catalogue of what rollgate says about a pact file it cannot use, keyed by a stable id. The broker
 * (publishing: 400 with these under the pact's path) and the CLI (`publish`, `diff-pacts`, `compare`) both read
 * pacts through `parsePact`, so a consumer sees the same sentence wherever the problem is found. Each message is
 * the second half of "<JSON path> <message>" (see ContractError).
 */
type Args = Record<string, string | number>;
const fill = (template: string, args: Args) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(args[k] ?? `{${k}}`));

const PACT = {
  'pact.not-object': 'a pact must be a JSON object',
  'pact.consumer-missing': 'is missing: a pact names its consumer',
  'pact.provider-missing': 'is missing: a pact names its provider',
  'pact.interactions-missing': 'is missing: a pact holds "interactions" or "messages"',
  'pact.spec-version-unknown': '"{version}" is not a pact specification version rollgate reads (1.x to 4.x)',
  'interaction.type-unknown':
    'unknown interaction type "{type}" (expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages)',
  'request.method-invalid': 'must be a non-empty string',
  'request.path-relative': '"{path}" must start with "/"',
  'response.status-invalid': 'must be an HTTP status code (an integer from 100 to 599)',
  'query.invalid': 'must be a string or an object of parameter values',
  'rules.v2-path-unknown': 'is not a v2 matching-rule path ($.body, $.headers, $.query or $.path)',
  'rules.not-selectors': 'must be an object of selectors',
  'rules.matchers-not-objects': 'must hold objects',
  'rules.matcher-unknown': '"{match}" is not a Pact matcher (known: {known})',
  'rules.regex-missing': 'a regex matcher needs its "regex" (a string)',
  'value.not-object': 'must be an object',
  'value.not-array': 'must be an array',
  'value.not-string': 'must be a string',
  'value.not-strings': 'must be a string or an array of strings',
  'value.not-messages': 'must be an array of messages',
} as const;

export type PactMessageId = keyof typeof PACT;

export const pactMessage = (id: PactMessageId, args: Args = {}): string => fill(PACT[id], args);
