import assert from 'node:assert/strict';
import { run, startStub, type RecordedRequest, type StubAnswer } from './support.ts';

async function against(answer: (req: RecordedRequest, n: number) => StubAnswer, argv: string[]) {
  const stub = await startStub(answer);
  try {
    return { ...(await run(argv, { ROLLGATE_BROKER_BASE_URL: stub.url })), requests: stub.requests };
  } finally {
    await stub.close();
  }
}

const pair = (
  consumer: string,
  cv: string,
  provider: string,
  pv: string,
  verdict: string,
  evidence: string,
  reasons: unknown[] = [],
) => ({
  consumer: { name: consumer, version: cv },
  provider: { name: provider, version: pv },
  verdict,
  evidence,
  reasons,
});

// Rolling back orders alone breaks web 1.3.0 (it needs orders' new endpoint): web must roll back first.
const notSafe = {
  summary: {
    rollbackable: false,
    reason: 'web 1.3.0 is incompatible with orders 2.0.0',
    compatible: 1,
    incompatible: 1,
    unknown: 0,
  },
  environment: 'production',
  targets: [{ pacticipant: 'orders', from: '2.1.0', to: '2.0.0' }],
  pairs: [
    pair('web', '1.3.0', 'orders', '2.0.0', 'incompatible', 'verification', [
      'GET /orders/1 response body $.total: expected a number, got nothing',
    ]),
    pair('orders', '2.0.0', 'billing', '4.0.0', 'compatible', 'openapi'),
  ],
  minimalSafeSet: ['orders', 'web'],
  plan: [
    { step: 1, pacticipants: [{ name: 'web', from: '1.3.0', to: '1.2.0' }] },
    { step: 2, pacticipants: [{ name: 'orders', from: '2.1.0', to: '2.0.0' }] },
  ],
  warnings: ['analytics 3.0.0 -> orders 2.1.0 is already broken (not touched by this rollback)'],
};

const safe = {
  summary: { rollbackable: true, reason: 'every pair is compatible', compatible: 2, incompatible: 0, unknown: 0 },
  environment: 'production',
  targets: [
    { pacticipant: 'orders', applicationInstance: 'blue', from: '2.1.0', to: '2.0.0' },
    { pacticipant: 'orders', applicationInstance: 'green', from: '2.1.1', to: '2.0.0' },
  ],
  pairs: [pair('web', '1.3.0', 'orders', '2.0.0', 'compatible', 'verification')],
  minimalSafeSet: ['orders'],
  plan: [{ step: 1, pacticipants: [{ name: 'orders', from: '2.1.0', to: '2.0.0' }] }],
  warnings: [],
};

const unknown = {
  ...notSafe,
  summary: {
    rollbackable: false,
    reason: 'web 1.3.0 and orders 2.0.0 have no evidence',
    compatible: 1,
    incompatible: 0,
    unknown: 1,
  },
  pairs: [pair('web', '1.3.0', 'orders', '2.0.0', 'unknown', 'none')],
};

const analysis = {
  summary: { everySubsetSafe: false, reason: 'orders needs web to roll back with it; billing has no prior version' },
  environment: 'production',
  pacticipants: [
    {
      name: 'web',
      current: '1.3.0',
      prior: '1.2.0',
      verdict: 'independent',
      requires: ['web'],
      conflictsWith: [],
      reasons: [],
    },
    {
      name: 'orders',
      current: '2.1.0',
      prior: '2.0.0',
      verdict: 'needs-companions',
      requires: ['orders', 'web'],
      conflictsWith: [],
      reasons: ['web 1.3.0 needs orders 2.1.0'],
    },
    {
      name: 'billing',
      current: '4.0.0',
      prior: null,
      verdict: 'no-prior',
      requires: [],
      conflictsWith: [],
      reasons: ['billing has only ever had one version in production'],
    },
  ],
};

describe('rollgate can-i-rollback (against a stub /can-i-rollback)', () => {
  it('builds the query: environment, pacticipants in order, explicit versions as q[], steps and ignore', async () => {
    const r = await against(
      () => ({ body: safe }),
      [
        'can-i-rollback',
        '--environment',
        'production',
        '--pacticipant',
        'orders',
        '--pacticipant',
        'web app',
        '--version',
        '1.4.0+b',
        '--steps',
        '2',
        '--ignore',
        'analytics',
        '--ignore',
        'audit',
      ],
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      r.requests.map((q) => `${q.method} ${q.url}`),
      [
        'GET /can-i-rollback?environment=production&pacticipant=orders&q[][pacticipant]=web%20app&q[][version]=1.4.0%2Bb&steps=2&ignore=analytics&ignore=audit&detail=full',
      ],
    );
  });

  it('asks for the any-subset analysis without --pacticipant or with --all', async () => {
    for (const argv of [
      ['--environment', 'production'],
      ['--environment', 'production', '--all'],
    ]) {
      const r = await against(() => ({ body: analysis }), ['can-i-rollback', ...argv]);
      // The table needs no pairs: it asks for the summary (issue 15); --output json gets the full answer.
      assert.equal(r.requests[0]!.url, '/can-i-rollback?environment=production&detail=summary');
      const json = await against(() => ({ body: analysis }), ['can-i-rollback', ...argv, '--output', 'json']);
      assert.equal(json.requests[0]!.url, '/can-i-rollback?environment=production');
      assert.equal(r.code, 1, 'not every subset is safe');
    }
  });

  it('not safe: exit 1; the verdict in one line, the broken pairs with reasons, the smallest safe set, and a plan to paste', async () => {
    const r = await against(
      () => ({ body: notSafe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders'],
    );
    assert.equal(r.code, 1);
    const lines = r.out.split('\n');
    assert.match(
      lines[0]!,
      /^✘ NOT SAFE to roll back orders in production: web 1\.3\.0 is incompatible with orders 2\.0\.0/,
    );
    assert.match(
      r.out,
      /✘ web 1\.3\.0 -> orders 2\.0\.0: incompatible \(evidence: verification\)\n {6}- GET \/orders\/1 response body \$\.total/,
    );
    assert.doesNotMatch(r.out, /billing 4\.0\.0: compatible/, 'compatible pairs are not listed as broken');
    assert.match(r.out, /Smallest safe set: orders, web/);
    assert.match(
      r.out,
      /1\. web 1\.3\.0 -> 1\.2\.0\n\s+rollgate record-deployment --pacticipant web --version 1\.2\.0 --environment production\n/,
    );
    assert.match(
      r.out,
      /2\. orders 2\.1\.0 -> 2\.0\.0\n\s+rollgate record-deployment --pacticipant orders --version 2\.0\.0 --environment production/,
    );
    assert.ok(r.out.indexOf('1. web') < r.out.indexOf('2. orders'), 'dependencies first');
    assert.match(r.out, /Warnings:\n {2}! analytics 3\.0\.0 -> orders 2\.1\.0 is already broken/);
  });

  it('safe: exit 0, with one pasteable command per application instance', async () => {
    const r = await against(
      () => ({ body: safe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '-b'],
    );
    // `-b` without a value is a bad flag
    assert.equal(r.code, 2);
    const ok = await against(
      () => ({ body: safe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders'],
    );
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^✔ SAFE to roll back orders in production/);
    assert.match(ok.out, /orders \[blue\]\s+2\.1\.0\s+2\.0\.0/);
    assert.match(ok.out, /--environment production --application-instance blue\n.*--application-instance green/);
  });

  it('--output json prints the answer verbatim and keeps the exit code', async () => {
    const r = await against(
      () => ({ body: notSafe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '--output', 'json'],
    );
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), notSafe);
  });

  it('--dry-run exits 0 whatever the answer', async () => {
    const r = await against(
      () => ({ body: notSafe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '--dry-run'],
    );
    assert.equal(r.code, 0);
    assert.match(r.out, /\[dry-run\]/);
  });

  it('the any-subset analysis prints a table', async () => {
    const r = await against(() => ({ body: analysis }), ['can-i-rollback', '--environment', 'production']);
    assert.match(r.out, /^✘ Not every rollback in production is safe alone/);
    assert.match(r.out, /SERVICE\s+CURRENT\s+PRIOR\s+VERDICT\s+MUST ROLL BACK WITH\s+CONFLICTS WITH/);
    assert.match(r.out, /orders\s+2\.1\.0\s+2\.0\.0\s+needs-companions\s+web/);
    assert.match(r.out, /billing\s+4\.0\.0\s+\(none\)\s+nothing to roll back to yet/);
    // Not a problem to explain: only the services that need companions or are blocked get a "Why".
    assert.doesNotMatch(r.out, /billing has only ever had one version in production/);
    assert.match(r.out, /Why:\n\s+orders \(needs-companions\):/);
    const allSafe = await against(
      () => ({ body: { ...analysis, summary: { everySubsetSafe: true, reason: 'ok' } } }),
      ['can-i-rollback', '--environment', 'production'],
    );
    assert.equal(allSafe.code, 0);
  });

  it('the summary table explains each service from its reason ids (no pairs needed)', async () => {
    const summary = {
      ...analysis,
      detail: 'summary',
      pacticipants: analysis.pacticipants.map((p) =>
        p.name === 'orders'
          ? {
              ...p,
              reasons: [
                { id: 'needs', pacticipant: 'orders', needs: 'web' },
                { id: 'more-reasons', pacticipant: 'orders', more: 3 },
              ],
            }
          : { ...p, reasons: [] },
      ),
    };
    const r = await against(() => ({ body: summary }), ['can-i-rollback', '--environment', 'production']);
    assert.match(r.out, /orders \(needs-companions\):\n\s+- rolling back orders needs web rolled back too/);
    assert.match(r.out, /3 more reason\(s\): ask for orders with --pacticipant/);
  });

  it('polls while the answer is no only because of unknown pairs', async () => {
    const r = await against(
      (_, n) => ({ body: n === 0 ? unknown : safe }),
      [
        'can-i-rollback',
        '--environment',
        'production',
        '--pacticipant',
        'orders',
        '--retry-while-unknown',
        '3',
        '--retry-interval',
        '0',
      ],
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(r.requests.length, 2);
    const incompatible = await against(
      () => ({ body: notSafe }),
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '--retry-while-unknown', '3'],
    );
    assert.equal(incompatible.requests.length, 1, 'an incompatible pair will not go away by waiting');
    const stillUnknown = await against(
      () => ({ body: unknown }),
      [
        'can-i-rollback',
        '--environment',
        'production',
        '--pacticipant',
        'orders',
        '--retry-while-unknown',
        '2',
        '--retry-interval',
        '0',
      ],
    );
    assert.equal(stillUnknown.code, 1);
    assert.equal(stillUnknown.requests.length, 3);
    assert.match(stillUnknown.out, /\? web 1\.3\.0 -> orders 2\.0\.0: unknown \(no evidence yet\)/);
  });

  it("an unknown environment (400) exits 4 with the broker's message", async () => {
    const r = await against(
      () => ({
        status: 400,
        body: { errors: { environment: ['Environment prod not found'] } },
        contentType: 'application/json',
      }),
      ['can-i-rollback', '--environment', 'prod', '--pacticipant', 'orders'],
    );
    assert.equal(r.code, 4);
    assert.match(r.err, /environment: Environment prod not found/);
  });

  it('bad flags exit 2 without asking the broker', async () => {
    for (const argv of [
      ['can-i-rollback', '--pacticipant', 'orders'],
      ['can-i-rollback', '--environment', 'production', '--all', '--pacticipant', 'orders'],
      ['can-i-rollback', '--environment', 'production', '--version', '1.0.0'],
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '--steps', '0'],
      ['can-i-rollback', '--environment', 'production', '--pacticipant', 'orders', '--latest'],
    ]) {
      const r = await against(() => ({ body: safe }), argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.equal(r.requests.length, 0);
    }
  });
});
