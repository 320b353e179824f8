import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { message } from '../messages.ts';

/**
 * Where a webhook may send requests (issue 10). Checked twice: on the URL when a webhook is saved or
 * delivered (scheme, method, host), and on every address the host name resolves to, at connect time
 * (the http agent's `lookup`), so a name cannot be pointed at an internal address after it was saved
 * (DNS rebinding). Redirects are never followed (the delivery reports them as failures).
 *
 * Host allow-list entries: exact names (`ci.example.com`), wildcard patterns (`*.example.com`, any
 * depth), IP addresses and CIDRs (`10.0.0.0/8`, `fd00::/8`). With an empty list, any name is allowed
 * but every address it resolves to must be public. Link-local and cloud metadata addresses are refused
 * unless the host is listed by exact name or the address by exact address (never by pattern or range).
 */
export interface EgressSettings {
  webhookSchemes: string[];
  webhookMethods: string[];
  webhookHosts: string[];
  webhookResolve?: Record<string, string>;
}

export class EgressError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EgressError';
  }
}

/** One address as ipaddr.js reads it: IPv4 or IPv6. */
type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Cloud metadata endpoints outside the link-local range (Alibaba, Azure, AWS over IPv6, Oracle's IMDS alias). */
const METADATA = new Set(['100.100.100.200', '168.63.129.16', 'fd00:ec2::254', '192.0.0.192']);
/** ipaddr.js range names that reach this host, its link or a cloud's metadata service: refused unless named exactly. */
const DANGEROUS_RANGES = new Set(['linkLocal', 'unspecified']);

function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIP(bare)) return undefined;
  try {
    return ipaddr.parse(bare);
  } catch {
    return undefined;
  }
}

const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/**
 * The IPv4 addresses an IPv6 address carries, which a connection to it may reach: IPv4-mapped (`::ffff:a.b.c.d`)
 * and the deprecated IPv4-compatible form (`::a.b.c.d`, which the URL parser writes `[::7f00:1]`), SIIT
 * (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`), 6to4 (`2002:AABB:CCDD::`) and Teredo (server and
 * the obfuscated client address).
 */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = a.parts;
  const range = a.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return [v4(p[6], p[7])];
  if (p.slice(0, 6).every((x) => x === 0) && range !== 'unspecified' && range !== 'loopback') return [v4(p[6], p[7])];
  if (range === '6to4') return [v4(p[1], p[2])];
  if (range === 'teredo') return [v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff)];
  return [];
}

/** An IPv4-mapped or -compatible address is its IPv4 address: that is where the connection goes. */
function effective(a: Address): Address {
  if (a.kind() === 'ipv6') {
    const v6 = a as ipaddr.IPv6;
    const range = v6.range();
    const p = v6.parts;
    if (
      range === 'ipv4Mapped' ||
      (p.slice(0, 6).every((x) => x === 0) && range !== 'unspecified' && range !== 'loopback')
    )
      return v4(p[6], p[7]);
  }
  return a;
}

/** Every address a connection to `a` may reach: itself and any IPv4 address it carries. */
function reached(a: Address): Address[] {
  return a.kind() === 'ipv6' ? [a, ...embeddedIPv4(a as ipaddr.IPv6)] : [a];
}

const isDangerous = (a: Address) =>
  DANGEROUS_RANGES.has(a.range()) || METADATA.has(a.toNormalizedString()) || METADATA.has(a.toString());
/** Public unicast: ipaddr.js names every special range (private, loopback, CGNAT, documentation, 6to4, Teredo ...). */
const isPublic = (a: Address) => a.range() === 'unicast';

export class EgressPolicy {
  private readonly schemes: Set<string>;
  private readonly methods: Set<string>;
  private readonly names = new Set<string>();
  private readonly patterns: RegExp[] = [];
  private readonly ranges: [Address, number][] = [];
  private readonly exactAddresses = new Set<string>();
  private hasRanges = false;
  private readonly resolveMap: Map<string, string>;

  constructor(readonly settings: EgressSettings) {
    this.schemes = new Set(settings.webhookSchemes.map((s) => s.toLowerCase().replace(/:$/, '')));
    this.methods = new Set(settings.webhookMethods.map((m) => m.toUpperCase()));
    for (const raw of settings.webhookHosts) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [addr, bits] = entry.split('/');
      const parsed = parseAddress(addr);
      if (parsed) {
        const a = effective(parsed);
        const mappedBits =
          a.kind() !== parsed.kind() && bits !== undefined ? Math.max(0, Number(bits) - 96) : Number(bits);
        if (bits === undefined) this.exactAddresses.add(a.toNormalizedString());
        this.ranges.push([a, bits === undefined ? (a.kind() === 'ipv4' ? 32 : 128) : mappedBits]);
        this.hasRanges = true;
      } else if (entry.includes('*')) {
        this.patterns.push(
          new RegExp(
            `^${entry
              .split('*')
              .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
          ),
        );
      } else {
        this.names.add(entry);
      }
    }
    this.resolveMap = new Map(Object.entries(settings.webhookResolve ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get openToPublic(): boolean {
    return this.names.size === 0 && this.patterns.length === 0 && !this.hasRanges;
  }

  private nameAllowed(host: string): boolean {
    return this.names.has(host) || this.patterns.some((p) => p.test(host));
  }

  /** The checks that need no DNS: scheme, method, credentials in the URL, and the host (an IP literal fully). Throws EgressError. */
  checkUrl(rawUrl: string, method: string): URL {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new EgressError(message('egress.bad-url'));
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (!this.schemes.has(scheme))
      throw new EgressError(message('egress.scheme', { scheme, allowed: [...this.schemes].join(', ') || 'none' }));
    if (!this.methods.has(method.toUpperCase()))
      throw new EgressError(
        message('egress.method', { method: method.toUpperCase(), allowed: [...this.methods].join(', ') || 'none' }),
      );
    if (url.username || url.password) throw new EgressError(message('egress.credentials-in-url'));
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (parseAddress(host)) this.checkAddress(host, host);
    else if (!this.openToPublic && !this.nameAllowed(host) && !this.hasRanges)
      throw new EgressError(message('egress.host-not-allowed', { host }));
    return url;
  }

  private inRanges(a: Address): boolean {
    return this.ranges.some(([base, bits]) => base.kind() === a.kind() && a.match(base as never, bits));
  }

  /** Whether `host` may connect to `address` (one of its resolved addresses). Throws EgressError. */
  checkAddress(host: string, address: string): void {
    const h = host.replace(/^\[|\]$/g, '').toLowerCase();
    const parsed = parseAddress(address);
    if (!parsed) throw new EgressError(message('egress.no-address', { host: h }));
    const a = effective(parsed);
    const shown = a.toString();
    const exact = this.names.has(h) || this.exactAddresses.has(a.toNormalizedString());
    const all = reached(a);
    if (all.some(isDangerous) && !exact)
      throw new EgressError(message('egress.dangerous-address', { host: h, address: shown }));
    if (exact) return;
    if (this.openToPublic) {
      if (!all.every(isPublic))
        throw new EgressError(message('egress.non-public-address', { host: h, address: shown }));
      return;
    }
    if (this.nameAllowed(h) || this.inRanges(a)) return;
    throw new EgressError(message('egress.address-not-allowed', { host: h, address: shown }));
  }

  /**
   * A `lookup` for http(s).request: resolves (honouring the static resolve map), refuses the name when
   * ANY of its addresses is refused, and answers in the shape node asked for (`all` or one address).
   */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      // On an error node reads only the error; the empty address satisfies the callback's type.
      const done = (err: NodeJS.ErrnoException | null, addrs: LookupAddress[]) => {
        if (err) return callback(err, '');
        try {
          if (!addrs.length) throw new EgressError(message('egress.no-address', { host: hostname }));
          for (const a of addrs) this.checkAddress(hostname, a.address);
        } catch (e) {
          return callback(e as NodeJS.ErrnoException, '');
        }
        if (options?.all) callback(null, addrs);
        else callback(null, addrs[0].address, addrs[0].family);
      };
      const fixed = this.resolveMap.get(hostname.toLowerCase());
      if (fixed) return done(null, [{ address: fixed, family: isIP(fixed) || 4 }]);
      const family =
        options?.family === 'IPv4' ? 4 : options?.family === 'IPv6' ? 6 : Number(options?.family ?? 0) || 0;
      dnsLookup(hostname, { all: true, family }, (err, addrs) => done(err, (addrs ?? []) as LookupAddress[]));
    };
  }
}
