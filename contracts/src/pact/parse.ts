import { RULES } from '../../../matchers/src/rules/index.ts';
import { ContractError, type Problem } from '../errors.ts';
import { type PactMessageId, pactMessage } from './messages.ts';
import type {
  HttpInteraction,
  Interaction,
  JsonObject,
  MatchingRules,
  MessageContents,
  Pact,
  ProviderState,
  RuleList,
  SpecVersion,
} from './model.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a pact file's shape and turns it into the `Pact` model. Every problem found is reported
 * with its JSON path; nothing is silently dropped (a malformed pact must never pass as compatible).
 */
export function parsePact(json: unknown): Pact {
  const problems: Problem[] = [];
  const bad: Report = (path, id, args) => {
    problems.push({ path, message: pactMessage(id, args) });
  };
  if (!isObject(json)) throw new ContractError([{ path: '$', message: pactMessage('pact.not-object') }]);

  const consumer = nameOf(json.consumer);
  const provider = nameOf(json.provider);
  if (!consumer) bad('$.consumer.name', 'pact.consumer-missing');
  if (!provider) bad('$.provider.name', 'pact.provider-missing');

  const metadata = isObject(json.metadata) ? json.metadata : {};
  const hasInteractions = json.interactions !== undefined;
  const hasMessages = json.messages !== undefined;
  if (!hasInteractions && !hasMessages) bad('$.interactions', 'pact.interactions-missing');
  const container = hasInteractions ? 'interactions' : 'messages';
  const list = json[container];
  if (list !== undefined && !Array.isArray(list)) bad(`$.${container}`, 'value.not-array');
  const items = Array.isArray(list) ? list : [];
  const declared = specVersionOf(metadata, bad);
  const v4Typed = items.some((i) => isObject(i) && typeof i.type === 'string');
  const specVersion: SpecVersion = declared ?? (v4Typed ? '4' : hasMessages ? '3' : '2');

  const interactions: Interaction[] = [];
  for (const [index, item] of items.entries()) {
    const at = `$.${container}[${index}]`;
    if (!isObject(item)) bad(at, 'value.not-object');
    else {
      const parsed = parseInteraction(item, index, at, container, bad);
      if (parsed) interactions.push(parsed);
    }
  }

  if (problems.length) throw new ContractError(problems);
  return { consumer: consumer!, provider: provider!, specVersion, container, interactions, metadata, raw: json };
}

function nameOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.name === 'string' && v.name.trim() ? v.name : undefined;
}

const SPEC_KEYS = [
  ['pactSpecification', true],
  ['pact-specification', true],
  ['pactSpecificationVersion', false],
] as const;

/** The declared specification version; one rollgate cannot read (say "9.0.0") is a problem, not a silent v2. */
function specVersionOf(metadata: JsonObject, bad: Report): SpecVersion | undefined {
  for (const [key, nested] of SPEC_KEYS) {
    const c = metadata[key];
    const v = isObject(c) ? c.version : c;
    if (typeof v === 'string' && v.trim()) {
      const major = v.trim().split('.')[0];
      if (major === '1') return v.startsWith('1.1') ? '1.1' : '1';
      if (major === '2' || major === '3' || major === '4') return major;
      bad(`$.metadata.${key}${nested ? '.version' : ''}`, 'pact.spec-version-unknown', { version: v });
      return undefined;
    }
  }
  return undefined;
}

type Report = (path: string, id: PactMessageId, args?: Record<string, string>) => void;

function parseInteraction(
  item: JsonObject,
  index: number,
  at: string,
  container: string,
  bad: Report,
): Interaction | undefined {
  if (typeof item.description !== 'string') bad(`${at}.description`, 'value.not-string');
  const description = typeof item.description === 'string' ? item.description : '';
  const providerStates = parseProviderStates(item, at, bad);
  const type =
    typeof item.type === 'string' ? item.type : container === 'messages' ? 'Asynchronous/Messages' : 'Synchronous/HTTP';

  if (type === 'Synchronous/HTTP') {
    const request = parseRequest(item.request, `${at}.request`, bad);
    const response = parseResponse(item.response, `${at}.response`, bad);
    if (!request || !response) return undefined;
    const http: HttpInteraction = { kind: 'http', description, providerStates, request, response, raw: item, index };
    return http;
  }
  if (type === 'Asynchronous/Messages') {
    return { kind: 'message', description, providerStates, ...parseMessageContents(item, at, bad), raw: item, index };
  }
  if (type === 'Synchronous/Messages') {
    const request = parseMessageContents(isObject(item.request) ? item.request : {}, `${at}.request`, bad);
    const responses = Array.isArray(item.response) ? item.response : [];
    if (!isObject(item.request)) bad(`${at}.request`, 'value.not-object');
    if (!Array.isArray(item.response)) bad(`${at}.response`, 'value.not-messages');
    const response = responses.map((r, i) => parseMessageContents(isObject(r) ? r : {}, `${at}.response[${i}]`, bad));
    return { kind: 'sync-message', description, providerStates, request, response, raw: item, index };
  }
  bad(`${at}.type`, 'interaction.type-unknown', { type });
  return undefined;
}

function parseProviderStates(item: JsonObject, at: string, bad: Report): ProviderState[] {
  if (Array.isArray(item.providerStates)) {
    return item.providerStates.flatMap((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string') {
        bad(`${at}.providerStates[${i}].name`, 'value.not-string');
        return [];
      }
      return [{ name: s.name, ...(isObject(s.params) ? { params: s.params } : {}) }];
    });
  }
  if (item.providerStates !== undefined) bad(`${at}.providerStates`, 'value.not-array');
  if (typeof item.providerState === 'string') return [{ name: item.providerState }];
  if (item.providerState !== undefined && item.providerState !== null) bad(`${at}.providerState`, 'value.not-string');
  return [];
}

function parseRequest(v: unknown, at: string, bad: Report) {
  if (!isObject(v)) {
    bad(at, 'value.not-object');
    return undefined;
  }
  if (typeof v.method !== 'string' || !v.method) bad(`${at}.method`, 'request.method-invalid');
  if (typeof v.path !== 'string') bad(`${at}.path`, 'value.not-string');
  else if (v.path !== '' && !v.path.startsWith('/')) bad(`${at}.path`, 'request.path-relative', { path: v.path });
  return {
    method: typeof v.method === 'string' ? v.method.toUpperCase() : '',
    path: typeof v.path === 'string' ? v.path : '',
    query: parseQuery(v.query, `${at}.query`, bad),
    headers: parseHeaders(v.headers, `${at}.headers`, bad),
    ...bodyOf(v),
    matchingRules: parseMatchingRules(v.matchingRules, `${at}.matchingRules`, bad),
  };
}

function parseResponse(v: unknown, at: string, bad: Report) {
  if (!isObject(v)) {
    bad(at, 'value.not-object');
    return undefined;
  }
  const status = v.status ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    bad(`${at}.status`, 'response.status-invalid');
  }
  return {
    status: typeof status === 'number' ? status : 0,
    headers: parseHeaders(v.headers, `${at}.headers`, bad),
    ...bodyOf(v),
    matchingRules: parseMatchingRules(v.matchingRules, `${at}.matchingRules`, bad),
  };
}

function parseMessageContents(v: JsonObject, at: string, bad: Report): MessageContents {
  const metadata = isObject(v.metadata) ? v.metadata : isObject(v.metaData) ? v.metaData : {};
  if (v.metadata !== undefined && !isObject(v.metadata)) bad(`${at}.metadata`, 'value.not-object');
  const raw = v.contents;
  const contents = unwrapV4Body(raw);
  return { contents, metadata, matchingRules: parseMatchingRules(v.matchingRules, `${at}.matchingRules`, bad) };
}

/** v4 bodies are `{content, contentType, encoded}`; older ones are the value itself. */
function bodyOf(v: JsonObject): { body?: unknown } {
  if (!('body' in v)) return {};
  const body = v.body;
  return { body: unwrapV4Body(body) };
}

const V4_BODY_KEYS = new Set(['content', 'contentType', 'encoded', 'contentTypeHint']);

/** A v4 body `{content, contentType?, encoded?}` holds the value in `content`; anything else is the value itself. */
function unwrapV4Body(body: unknown): unknown {
  if (isObject(body) && 'content' in body && Object.keys(body).every((k) => V4_BODY_KEYS.has(k))) return body.content;
  return body;
}

function parseQuery(v: unknown, at: string, bad: Report): Record<string, string[]> {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v === 'string') {
    const out: Record<string, string[]> = {};
    for (const [k, val] of new URLSearchParams(v)) {
      out[k] ??= [];
      out[k].push(val);
    }
    return out;
  }
  if (!isObject(v)) {
    bad(at, 'query.invalid');
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [k, val] of Object.entries(v)) {
    const values = Array.isArray(val) ? val : [val];
    if (!values.every((x) => typeof x === 'string' || x === null)) bad(`${at}.${k}`, 'value.not-strings');
    out[k] = values.map((x) => (x === null ? '' : String(x)));
  }
  return out;
}

function parseHeaders(v: unknown, at: string, bad: Report): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    bad(at, 'value.not-object');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (Array.isArray(val) && val.every((x) => typeof x === 'string')) out[k] = val.join(', ');
    else bad(`${at}.${k}`, 'value.not-strings');
  }
  return out;
}

const V2_CATEGORIES: Record<string, string> = { body: 'body', headers: 'header', query: 'query', path: 'path' };

/**
 * Matching rules in v3/v4 form. v2 rules (`{"$.body.a": {"match": "type"}}`) are converted: the
 * category comes from the path's first segment and the rest becomes the selector.
 */
function parseMatchingRules(v: unknown, at: string, bad: Report): MatchingRules {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    bad(at, 'value.not-object');
    return {};
  }
  const out: MatchingRules = {};
  for (const [key, value] of Object.entries(v)) {
    if (key.startsWith('$')) {
      const m = /^\$\.(body|headers|query|path)(.*)$/.exec(key);
      if (!m) {
        bad(`${at}["${key}"]`, 'rules.v2-path-unknown');
        continue;
      }
      const category = V2_CATEGORIES[m[1]];
      const rest = m[2];
      const selector = category === 'body' ? `$${rest}` : rest.replace(/^\./, '') || '$';
      const rule = toRuleList(value, `${at}["${key}"]`, bad);
      if (rule) {
        out[category] ??= {};
        out[category][selector] = rule;
      }
      continue;
    }
    if (!isObject(value)) {
      bad(`${at}.${key}`, 'rules.not-selectors');
      continue;
    }
    // v4 `path` and `status` rules may be a rule list directly (no selector level).
    if (Array.isArray(value.matchers)) {
      const rule = toRuleList(value, `${at}.${key}`, bad);
      if (rule) out[key] = { '': rule };
      continue;
    }
    const category: Record<string, RuleList> = {};
    for (const [selector, rules] of Object.entries(value)) {
      const rule = toRuleList(rules, `${at}.${key}["${selector}"]`, bad);
      if (rule) category[selector] = rule;
    }
    out[key] = category;
  }
  return out;
}

function toRuleList(v: unknown, at: string, bad: Report): RuleList | undefined {
  if (!isObject(v)) {
    bad(at, 'value.not-object');
    return undefined;
  }
  if (Array.isArray(v.matchers)) {
    const matchers = v.matchers.filter(isObject);
    if (matchers.length !== v.matchers.length) bad(`${at}.matchers`, 'rules.matchers-not-objects');
    const combine = v.combine === 'OR' ? 'OR' : 'AND';
    const list = matchers.map((m) => ({ ...m, match: typeof m.match === 'string' ? m.match : inferMatch(m) }));
    for (const [i, m] of list.entries()) checkMatcher(m, `${at}.matchers[${i}]`, bad);
    return { combine, matchers: list };
  }
  // v2: the rule itself (`{"match": "type", "min": 1}` or `{"regex": "..."}`).
  const rule = { ...v, match: typeof v.match === 'string' ? v.match : inferMatch(v) };
  checkMatcher(rule, at, bad);
  return { combine: 'AND', matchers: [rule] };
}

const KNOWN_MATCHERS = [...RULES.keys()].join(', ');

/** A matcher no verifier knows would pass silently in a static comparison: refuse it where it is. */
function checkMatcher(m: { match: string; regex?: unknown }, at: string, bad: Report): void {
  if (!RULES.has(m.match)) bad(`${at}.match`, 'rules.matcher-unknown', { match: m.match, known: KNOWN_MATCHERS });
  else if (m.match === 'regex' && typeof m.regex !== 'string') bad(`${at}.regex`, 'rules.regex-missing');
}

function inferMatch(m: JsonObject): string {
  if (typeof m.regex === 'string') return 'regex';
  if (m.min !== undefined || m.max !== undefined) return 'type';
  return 'type';
}
