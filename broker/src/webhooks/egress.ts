import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
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

const blockList = (v4: string[], v6: string[]) => {
  const b = new BlockList();
  for (const c of v4) addRange(b, c, 'ipv4');
  for (const c of v6) addRange(b, c, 'ipv6');
  return b;
};

function addRange(b: BlockList, cidr: string, type: 'ipv4' | 'ipv6') {
  const [addr, bits] = cidr.split('/');
  if (bits === undefined) b.addAddress(addr, type);
  else b.addSubnet(addr, Number(bits), type);
}

/** Link-local and metadata endpoints: refused unless named exactly. */
const DANGEROUS = blockList(
  ['169.254.0.0/16', '0.0.0.0/8', '100.100.100.200', '168.63.129.16'],
  ['fe80::/10', 'fd00:ec2::254', '::'],
);
/** Everything that is not a public unicast address. */
const NON_PUBLIC = blockList(
  [
    '127.0.0.0/8',
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ],
  ['::1', 'fc00::/7', 'ff00::/8', '64:ff9b::/96', '2001:db8::/32', '100::/64'],
);

/** `::ffff:1.2.3.4` is 1.2.3.4. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  return { address: a, type: isIP(a) === 6 ? 'ipv6' : 'ipv4' };
}

export class EgressPolicy {
  private readonly schemes: Set<string>;
  private readonly methods: Set<string>;
  private readonly names = new Set<string>();
  private readonly patterns: RegExp[] = [];
  private readonly ranges = new BlockList();
  private readonly exactAddresses = new Set<string>();
  private hasRanges = false;
  private readonly resolveMap: Map<string, string>;

  constructor(readonly settings: EgressSettings) {
    this.schemes = new Set(settings.webhookSchemes.map((s) => s.toLowerCase().replace(/:$/, '')));
    this.methods = new Set(settings.webhookMethods.map((m) => m.toUpperCase()));
    for (const raw of settings.webhookHosts) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [addr] = entry.split('/');
      if (isIP(addr.replace(/^\[|\]$/g, ''))) {
        const n = normalise(addr);
        if (!entry.includes('/')) this.exactAddresses.add(n.address);
        addRange(this.ranges, entry.includes('/') ? `${n.address}/${entry.split('/')[1]}` : n.address, n.type);
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
    if (isIP(host)) this.checkAddress(host, host);
    else if (!this.openToPublic && !this.nameAllowed(host) && !this.hasRanges)
      throw new EgressError(message('egress.host-not-allowed', { host }));
    return url;
  }

  /** Whether `host` may connect to `address` (one of its resolved addresses). Throws EgressError. */
  checkAddress(host: string, address: string): void {
    const h = host.replace(/^\[|\]$/g, '').toLowerCase();
    const { address: a, type } = normalise(address);
    const exact = this.names.has(h) || this.exactAddresses.has(a);
    if (DANGEROUS.check(a, type) && !exact)
      throw new EgressError(message('egress.dangerous-address', { host: h, address: a }));
    if (exact) return;
    if (this.openToPublic) {
      if (NON_PUBLIC.check(a, type))
        throw new EgressError(message('egress.non-public-address', { host: h, address: a }));
      return;
    }
    if (this.nameAllowed(h) || this.ranges.check(a, type)) return;
    throw new EgressError(message('egress.address-not-allowed', { host: h, address: a }));
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
