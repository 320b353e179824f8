/**
 * The one catalogue of mismatch ids and their English text. Engine code never formats a sentence:
 * it reports an id and arguments, and `render` turns them into the message (oasdiff habit).
 * Ids are kebab-case and never change once released; callers may branch on them.
 */
export interface MessageArgs {
  expected?: unknown;
  actual?: unknown;
  name?: string;
  limit?: number;
  detail?: string;
}

const show = (v: unknown): string =>
  v === undefined ? 'nothing' : typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));

export const MESSAGES = {
  // request and response lines
  'method-mismatch': (a: MessageArgs) => `Expected method ${a.expected} but received ${a.actual}`,
  'path-mismatch': (a: MessageArgs) => `Expected path ${show(a.expected)} but received ${show(a.actual)}`,
  'status-mismatch': (a: MessageArgs) => `Expected status ${a.expected} but received ${a.actual}`,
  // query and headers
  'query-missing': (a: MessageArgs) => `Expected query parameter '${a.name}' but it was missing`,
  'query-unexpected': (a: MessageArgs) =>
    `Unexpected query parameter '${a.name}' received with value(s) ${show(a.actual)}`,
  'query-value-mismatch': (a: MessageArgs) =>
    `Expected query parameter '${a.name}' with value(s) ${show(a.expected)} but received ${show(a.actual)}`,
  'header-missing': (a: MessageArgs) => `Expected header '${a.name}' but it was missing`,
  'header-value-mismatch': (a: MessageArgs) =>
    `Expected header '${a.name}' to have value ${show(a.expected)} but received ${show(a.actual)}`,
  'metadata-missing': (a: MessageArgs) => `Expected message metadata '${a.name}' but it was missing`,
  'metadata-value-mismatch': (a: MessageArgs) =>
    `Expected message metadata '${a.name}' to have value ${show(a.expected)} but received ${show(a.actual)}`,
  // bodies as a whole
  'body-missing': (a: MessageArgs) => `Expected a body ${show(a.expected)} but it was missing`,
  'body-not-empty': (a: MessageArgs) => `Expected an empty body but received ${show(a.actual)}`,
  'body-content-type-mismatch': (a: MessageArgs) => `Expected a body of type ${a.expected} but received ${a.actual}`,
  'body-unparseable': (a: MessageArgs) => `Could not parse the ${a.name} body: ${a.detail}`,
  // body structure
  'value-mismatch': (a: MessageArgs) => `Expected ${show(a.expected)} but received ${show(a.actual)}`,
  'key-missing': (a: MessageArgs) => `Expected key '${a.name}' but it was missing`,
  'key-unexpected': (a: MessageArgs) => `Unexpected key '${a.name}' received with value ${show(a.actual)}`,
  'list-length-mismatch': (a: MessageArgs) => `Expected a list of ${a.expected} element(s) but received ${a.actual}`,
  'list-item-missing': (a: MessageArgs) => `Expected element ${show(a.expected)} but it was missing`,
  'xml-element-mismatch': (a: MessageArgs) => `Expected element <${a.expected}> but received <${a.actual}>`,
  'xml-attribute-missing': (a: MessageArgs) => `Expected attribute ${a.name}=${show(a.expected)} but it was missing`,
  'xml-attributes-unexpected': (a: MessageArgs) => `Expected ${a.expected} attribute(s) but received ${a.actual}`,
  'xml-child-missing': (a: MessageArgs) => `Expected child <${a.name}/> but it was missing`,
  'xml-child-unexpected': (a: MessageArgs) => `Unexpected child <${a.name}/>`,
  'xml-text-mismatch': (a: MessageArgs) => `Expected text ${show(a.expected)} but received ${show(a.actual)}`,
  // matching rules
  'type-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be the same type as ${show(a.expected)}`,
  'regex-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to match the regular expression '${a.detail}'`,
  'regex-timed-out': (a: MessageArgs) =>
    `Could not tell whether ${show(a.actual)} matches the regular expression '${a.detail}': it ran longer than ${a.limit} ms (counted as a mismatch, never a match)`,
  'equality-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to equal ${show(a.expected)}`,
  'include-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to include ${show(a.expected)}`,
  'integer-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be an integer`,
  'decimal-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a decimal number`,
  'number-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a number`,
  'boolean-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a boolean`,
  'null-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be null`,
  'date-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a ${a.name} matching the format '${a.detail}'`,
  'min-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to have at least ${a.limit} element(s)`,
  'max-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to have at most ${a.limit} element(s)`,
  'array-contains-mismatch': (a: MessageArgs) =>
    `Expected the list to contain an element matching variant ${a.limit} (${show(a.expected)})`,
  'each-key-mismatch': (a: MessageArgs) => `Key '${a.name}' does not satisfy the key rules: ${a.detail}`,
  'each-value-mismatch': (a: MessageArgs) => `Value at '${a.name}' does not satisfy the value rules: ${a.detail}`,
  'values-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a map or list of values`,
  'content-type-mismatch': (a: MessageArgs) => `Expected content of type ${a.expected} but it looks like ${a.actual}`,
  'semver-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be a semantic version`,
  'status-code-mismatch': (a: MessageArgs) => `Expected status ${show(a.actual)} to be ${a.detail}`,
  'not-empty-mismatch': (a: MessageArgs) => `Expected ${show(a.actual)} to be present and not empty`,
  'unknown-matcher': (a: MessageArgs) => `Unknown matching rule '${a.name}': treated as a mismatch, never as a pass`,
  'invalid-matcher': (a: MessageArgs) => `Matching rule '${a.name}' is malformed: ${a.detail}`,
} as const;

export type MismatchId = keyof typeof MESSAGES;

export function render(id: MismatchId, args: MessageArgs): string {
  return MESSAGES[id](args);
}
