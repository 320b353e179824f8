import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { BrokerConfig } from '../config.ts';
import { SCOPES, isScope, type PacticipantScope, type Principal, type Scope } from './principal.ts';
import { message } from '../messages.ts';

/** A configuration mistake found at start: the broker refuses to start rather than run open by accident. */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

interface TokenEntry {
  name: string;
  hash: Buffer;
  scopes: Set<Scope>;
  pacticipants?: PacticipantScope;
}

interface BasicEntry {
  name: string;
  userHash: Buffer;
  passwordHash: Buffer;
  scopes: Set<Scope>;
  pacticipants?: PacticipantScope;
}

const principalOf = (e: TokenEntry | BasicEntry, kind: 'token' | 'basic'): Principal => ({
  name: e.name,
  kind,
  scopes: e.scopes,
  ...(e.pacticipants ? { pacticipants: e.pacticipants } : {}),
});

/** Resolved access settings: secrets are kept only as SHA-256 digests and compared in constant time. */
export class AuthSettings {
  constructor(
    private readonly tokens: TokenEntry[],
    private readonly basicUsers: BasicEntry[],
    readonly publicRead: boolean,
  ) {}

  /** Whether any credential is configured. Without one the broker is open (and loopback-only by default). */
  get enabled(): boolean {
    return this.tokens.length > 0 || this.basicUsers.length > 0;
  }

  get acceptsBearer(): boolean {
    return this.tokens.length > 0;
  }

  get acceptsBasic(): boolean {
    return this.basicUsers.length > 0;
  }

  describe(): string {
    return `${this.tokens.length} token(s), ${this.basicUsers.length} basic-auth user(s)${this.publicRead ? ', public read' : ''}`;
  }

  /**
   * Finds the token's principal. Hashes first (fixed length), then compares against every entry with
   * timingSafeEqual without stopping at a match, so timing says nothing about which token or prefix matched.
   */
  byToken(token: string): Principal | undefined {
    const h = sha256(token);
    let found: TokenEntry | undefined;
    for (const t of this.tokens) if (timingSafeEqual(h, t.hash) && !found) found = t;
    return found && principalOf(found, 'token');
  }

  byBasic(username: string, password: string): Principal | undefined {
    const u = sha256(username);
    const p = sha256(password);
    let found: BasicEntry | undefined;
    for (const b of this.basicUsers) {
      // Both comparisons always run (no short-circuit on the user name).
      const ok = Number(timingSafeEqual(u, b.userHash)) & Number(timingSafeEqual(p, b.passwordHash));
      if (ok && !found) found = b;
    }
    return found && principalOf(found, 'basic');
  }
}

function parseScopes(raw: unknown, where: string): Set<Scope> {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[+\s]+/) : undefined;
  if (!list || list.length === 0)
    throw new AuthConfigError(message('auth.config.no-scope', { where, known: SCOPES.join(', ') }));
  const scopes = new Set<Scope>();
  for (const s of list) {
    const name = String(s).trim().toLowerCase();
    if (!isScope(name))
      throw new AuthConfigError(
        message('auth.config.unknown-scope', { where, scope: String(s), known: SCOPES.join(', ') }),
      );
    scopes.add(name);
  }
  return scopes;
}

/** `name:token:scope1+scope2,...` (the token itself may contain `:`). */
export function parseTokenList(raw: string): TokenEntry[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const parts = entry.split(':');
      if (parts.length < 3) throw new AuthConfigError(message('auth.config.token-entry', { n: i + 1 }));
      const name = parts[0];
      const scopes = parts[parts.length - 1];
      const token = parts.slice(1, -1).join(':');
      if (!name || !token) throw new AuthConfigError(message('auth.config.token-entry-empty', { n: i + 1 }));
      return { name, hash: sha256(token), scopes: parseScopes(scopes, `ROLLGATE_TOKENS entry "${name}"`) };
    });
}

interface ScopedEntry {
  pacticipants?: unknown;
  labels?: unknown;
}

interface AuthFile {
  tokens?: ({ name?: unknown; token?: unknown; sha256?: unknown; scopes?: unknown } & ScopedEntry)[];
  users?: ({ username?: unknown; password?: unknown; sha256?: unknown; scopes?: unknown } & ScopedEntry)[];
  basicAuth?: { username?: unknown; password?: unknown; readOnlyUsername?: unknown; readOnlyPassword?: unknown };
  publicRead?: unknown;
}

/** `pacticipants` (names and `*` patterns) and `labels` of an entry: its pacticipant scope, if it has one. */
function pacticipantScope(e: ScopedEntry, where: string): PacticipantScope | undefined {
  if (e.pacticipants === undefined && e.labels === undefined) return undefined;
  const strings = (v: unknown, field: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x.trim()))
      throw new AuthConfigError(message('auth.config.pacticipant-list', { where, field }));
    return v.map((x: string) => x.trim());
  };
  const scope = { names: strings(e.pacticipants, 'pacticipants'), labels: strings(e.labels, 'labels') };
  if (!scope.names.length && !scope.labels.length)
    throw new AuthConfigError(message('auth.config.pacticipant-empty', { where }));
  return scope;
}

/**
 * Reads an auth file (JSON or YAML):
 *
 *   tokens:
 *     - { name: ci-web, token: "…", scopes: [publish-contracts] }
 *     - { name: ci-orders, sha256: "<hex digest of the token>", scopes: [publish-verifications] }
 *     - { name: team-web, token: "…", scopes: [publish-contracts, deploy], pacticipants: [web, "web-*"], labels: [team-web] }
 *   users:
 *     - { username: web-dev, password: "…", scopes: [publish-contracts], pacticipants: [web] }
 *   basicAuth: { username: …, password: …, readOnlyUsername: …, readOnlyPassword: … }
 *   publicRead: false
 */
function readAuthFile(file: string): {
  tokens: TokenEntry[];
  users: BasicEntry[];
  basic: AuthFile['basicAuth'];
  publicRead?: boolean;
} {
  let parsed: AuthFile;
  try {
    parsed = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as AuthFile;
  } catch (e) {
    throw new AuthConfigError(message('auth.config.unreadable-file', { file, reason: (e as Error).message }));
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AuthConfigError(message('auth.config.file-shape', { file }));
  const tokens = (parsed.tokens ?? []).map((t, i) => {
    const where = `auth file ${file}, tokens[${i}]`;
    if (typeof t?.name !== 'string' || !t.name) throw new AuthConfigError(message('auth.config.token-name', { where }));
    let hash: Buffer;
    if (typeof t.token === 'string' && t.token) hash = sha256(t.token);
    else if (typeof t.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(t.sha256)) hash = Buffer.from(t.sha256, 'hex');
    else throw new AuthConfigError(message('auth.config.token-secret', { where }));
    const pacticipants = pacticipantScope(t, where);
    return { name: t.name, hash, scopes: parseScopes(t.scopes, where), ...(pacticipants ? { pacticipants } : {}) };
  });
  const users = (parsed.users ?? []).map((u, i): BasicEntry => {
    const where = `auth file ${file}, users[${i}]`;
    if (typeof u?.username !== 'string' || !u.username)
      throw new AuthConfigError(message('auth.config.token-name', { where }));
    let passwordHash: Buffer;
    if (typeof u.password === 'string' && u.password) passwordHash = sha256(u.password);
    else if (typeof u.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(u.sha256))
      passwordHash = Buffer.from(u.sha256, 'hex');
    else throw new AuthConfigError(message('auth.config.user-secret', { where }));
    const pacticipants = pacticipantScope(u, where);
    return {
      name: u.username,
      userHash: sha256(u.username),
      passwordHash,
      scopes: parseScopes(u.scopes, where),
      ...(pacticipants ? { pacticipants } : {}),
    };
  });
  const publicRead =
    parsed.publicRead === undefined
      ? undefined
      : parsed.publicRead === true || /^(1|true|yes|on)$/i.test(String(parsed.publicRead));
  return { tokens, users, basic: parsed.basicAuth, publicRead };
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function basicUser(
  name: string | undefined,
  password: string | undefined,
  scopes: Scope[],
  what: string,
): BasicEntry[] {
  if (name === undefined && password === undefined) return [];
  if (!name || !password) throw new AuthConfigError(message('auth.config.basic-pair', { what }));
  return [{ name, userHash: sha256(name), passwordHash: sha256(password), scopes: new Set(scopes) }];
}

const cache = new WeakMap<BrokerConfig, AuthSettings>();

/** The access settings of a broker config (file and environment together); cached per config object. */
export function authSettings(config: BrokerConfig): AuthSettings {
  let s = cache.get(config);
  if (s) return s;
  const file = config.authFile
    ? readAuthFile(config.authFile)
    : { tokens: [], users: [], basic: undefined, publicRead: undefined };
  const tokens = [...file.tokens, ...(config.tokens ? parseTokenList(config.tokens) : [])];
  const rwName = config.basicAuthUsername ?? str(file.basic?.username);
  const rwPassword = config.basicAuthPassword ?? str(file.basic?.password);
  const roName = config.basicAuthReadOnlyUsername ?? str(file.basic?.readOnlyUsername);
  const roPassword = config.basicAuthReadOnlyPassword ?? str(file.basic?.readOnlyPassword);
  const basic = [
    // The Pact Broker's read-write user can do everything, so it has every scope here too.
    ...basicUser(rwName, rwPassword, [...SCOPES], 'basic auth (read-write user)'),
    ...basicUser(roName, roPassword, ['read'], 'basic auth (read-only user)'),
    ...file.users,
  ];
  s = new AuthSettings(tokens, basic, config.publicRead || file.publicRead === true);
  cache.set(config, s);
  return s;
}

/** Addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}
