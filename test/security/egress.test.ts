import assert from 'node:assert/strict';
import { EgressError, EgressPolicy } from '../../broker/src/webhooks/egress.ts';

const open = new EgressPolicy({ webhookSchemes: ['https', 'http'], webhookMethods: ['POST'], webhookHosts: [] });

function refusal(policy: EgressPolicy, address: string): string | undefined {
  try {
    policy.checkAddress('target.example', address);
    return undefined;
  } catch (e) {
    if (!(e instanceof EgressError)) throw e;
    return e.message;
  }
}

describe('Webhook egress: address classes (ipaddr.js)', () => {
  it('refuses every non-public address, including IPv4 hidden in IPv6 (mapped, compatible, 6to4, Teredo, NAT64)', () => {
    const nonPublic = [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '192.0.2.1',
      '198.18.0.1',
      '224.0.0.1',
      '240.0.0.1',
      '255.255.255.255',
      '::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '2001:db8::1',
      'fec0::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::127.0.0.1',
      '::7f00:1',
      '::a00:1',
      '2002:7f00:1::1',
      '2002:c0a8:101::1',
      '2001:0:4136:e378:8000:63bf:80ff:fffe',
      '64:ff9b::7f00:1',
      '64:ff9b::a00:1',
      '[::127.0.0.1]',
    ];
    for (const a of nonPublic) assert.ok(refusal(open, a), `${a} should be refused`);
  });

  it('refuses link-local and metadata addresses in every spelling, even when their range is allowed', () => {
    const ranges = new EgressPolicy({
      webhookSchemes: ['https'],
      webhookMethods: ['POST'],
      webhookHosts: ['0.0.0.0/0', '::/0', '169.254.0.0/16', '100.64.0.0/10'],
    });
    for (const a of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      '::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
      '64:ff9b::a9fe:a9fe',
      'fe80::1',
      'fd00:ec2::254',
      '100.100.100.200',
      '168.63.129.16',
      '0.0.0.0',
      '::',
    ]) {
      for (const p of [open, ranges]) assert.match(refusal(p, a) ?? '', /link-local or metadata/, a);
    }
    // Listed by exact address, a metadata address is reachable (an operator's deliberate choice).
    const exact = new EgressPolicy({
      webhookSchemes: ['https'],
      webhookMethods: ['POST'],
      webhookHosts: ['169.254.169.254'],
    });
    assert.equal(refusal(exact, '169.254.169.254'), undefined);
  });

  it('lets public addresses through, and IPv4-mapped public ones as their IPv4 address', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e'])
      assert.equal(refusal(open, a), undefined, a);
  });

  it('checks IP literals in the URL when the webhook is saved', () => {
    for (const url of [
      'http://[::127.0.0.1]/x',
      'http://[::ffff:7f00:1]/x',
      'http://[2002:7f00:1::1]/',
      'http://0x7f.1/',
    ])
      assert.throws(() => open.checkUrl(url, 'POST'), EgressError, url);
    assert.equal(open.checkUrl('https://[2606:4700:4700::1111]/x', 'POST').hostname, '[2606:4700:4700::1111]');
  });

  it('an allow-list of ranges admits addresses in them (mapped ones by their IPv4 address) and nothing else', () => {
    const p = new EgressPolicy({
      webhookSchemes: ['https'],
      webhookMethods: ['POST'],
      webhookHosts: ['10.0.0.0/8', 'fd00::/8'],
    });
    assert.equal(refusal(p, '10.1.2.3'), undefined);
    assert.equal(refusal(p, '::ffff:10.1.2.3'), undefined);
    assert.equal(refusal(p, 'fd00::5'), undefined);
    assert.match(refusal(p, '11.0.0.1') ?? '', /not in the webhook host allow-list/);
    assert.match(refusal(p, '::ffff:11.0.0.1') ?? '', /not in the webhook host allow-list/);
  });
});
