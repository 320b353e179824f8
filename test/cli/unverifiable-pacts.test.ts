/**
 * What no verifier can verify is refused where it is published, with the same words from the CLI and the broker
 * (issue 18: a `3.0.O` specification version, a method `"42"`, a missing response), both reading pacts through the
 * shared validator (contracts/src/pact/parse.ts); a pact without interactions stays accepted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

const pact = (interactions: unknown[], version = '3.0.0') => ({
  consumer: { name: 'web' },
  provider: { name: 'orders' },
  interactions,
  metadata: { pactSpecification: { version } },
});
const ok = { description: 'a', request: { method: 'GET', path: '/a' }, response: { status: 200 } };

const cases: [string, unknown, string, string][] = [
  [
    'a specification version with a letter in it',
    pact([ok], '3.0.O'),
    '$.metadata.pactSpecification.version',
    '"3.0.O" is not a pact specification version rollgate reads (1.x to 4.x)',
  ],
  [
    'a method that is no HTTP method',
    pact([{ ...ok, request: { method: '42', path: '/b' } }]),
    '$.interactions[0].request.method',
    '"42" is not an HTTP method (GET, POST, PUT, PATCH, DELETE, ...: letters only)',
  ],
  [
    'a request without a response',
    pact([{ description: 'b', request: { method: 'GET', path: '/b' } }]),
    '$.interactions[0].response',
    'must be an object',
  ],
];

describe('pacts no verifier can verify', () => {
  let b: TestBroker;
  let dir: string;
  before(async () => {
    b = await startTestBroker();
    dir = mkdtempSync(join(tmpdir(), 'rollgate-unverifiable-'));
  });
  after(async () => {
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, body, path, words] of cases) {
    it(`${name}: refused by the broker (400, nothing stored) and by the CLI, in the same words`, async () => {
      const put = await b.api.put('/pacts/provider/orders/consumer/web/version/1.0.0', body);
      assert.equal(put.status, 400, put.text);
      assert.deepEqual(put.body.errors[path], [words]);
      const published = await b.api.post('/contracts/publish', {
        pacticipantName: 'web',
        pacticipantVersionNumber: '1.0.1',
        contracts: [
          {
            consumerName: 'web',
            providerName: 'orders',
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(body)).toString('base64'),
          },
        ],
      });
      assert.equal(published.status, 400, published.text);
      assert.deepEqual(Object.values(published.body.errors).flat(), [words], published.text);
      assert.equal((await b.api.get('/pacts/provider/orders/consumer/web/latest')).status, 404, 'nothing stored');

      const file = join(dir, 'pact.json');
      writeFileSync(file, JSON.stringify(body));
      const cli = await run(['publish', file, '-a', '1.0.2'], { ROLLGATE_BROKER_BASE_URL: b.url });
      assert.equal(cli.code, 5);
      assert.ok(cli.err.includes(`${path}: ${words}`), cli.err);
    });
  }

  it('a pact without interactions is accepted by both', async () => {
    const empty = pact([]);
    assert.equal((await b.api.put('/pacts/provider/orders/consumer/web/version/2.0.0', empty)).status, 201);
    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify(empty));
    const cli = await run(['publish', file, '-a', '2.0.1'], { ROLLGATE_BROKER_BASE_URL: b.url });
    assert.equal(cli.code, 0, cli.err);
  });
});
