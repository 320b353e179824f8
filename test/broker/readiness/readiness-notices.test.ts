/**
 * Pacts offered for rollback readiness carry their own notice only (issue 18): when main versions of the provider
 * verified that exact content, the usual "pending because no successful verification from main" notices are false.
 * When they are true (the content was never verified from main), both are given.
 */
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../../support/test-broker.ts';

type Pfv = {
  verificationProperties: { pending?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { name: string } };
};

describe('pacts for verification: the notices of a rollback readiness pact', () => {
  let b: TestBroker;
  beforeEach(async () => {
    b = await startTestBroker();
    await b.td
      .environment('production')
      .publishPact({
        consumer: 'web',
        version: '1',
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: '/v1' }),
      })
      .deploy({ pacticipant: 'web', version: '1', environment: 'production' })
      .publishPact({
        consumer: 'web',
        version: '2',
        provider: 'orders',
        pact: (p) => p.withInteraction({ path: '/v2' }),
      })
      .deploy({ pacticipant: 'web', version: '2', environment: 'production' });
  });
  afterEach(() => b.destroy());

  const priorPact = async () => {
    const res = await b.api.post('/pacts/provider/orders/for-verification', {
      consumerVersionSelectors: [{ deployed: true, environment: 'production' }],
      includePendingStatus: true,
      providerVersionBranch: 'main',
    });
    assert.equal(res.status, 200, res.text);
    const prior = (res.body._embedded.pacts as Pfv[]).find((p) => p._links.self.name.includes('(1)'));
    assert.ok(prior, 'web 1, the version a rollback would bring back, is offered');
    return prior;
  };

  it('verified from main: pending, with the readiness notice and no pending notice that says otherwise', async () => {
    await b.td.verify({
      consumer: 'web',
      version: '1',
      provider: 'orders',
      providerVersion: '7',
      success: true,
      branch: 'main',
    });
    const prior = await priorPact();
    assert.equal(prior.verificationProperties.pending, true);
    const texts = prior.verificationProperties.notices.map((n) => n.text);
    assert.equal(texts.length, 1, texts.join('\n'));
    assert.match(
      texts[0]!,
      /being verified for rollback readiness: web version 1 was deployed to production before the current version 2/,
    );
    assert.doesNotMatch(texts.join('\n'), /has not yet been published|no longer in pending state|will fail the build/);
  });

  it('never verified from main: the readiness notice and the usual pending notice, both true', async () => {
    const prior = await priorPact();
    assert.equal(prior.verificationProperties.pending, true);
    const texts = prior.verificationProperties.notices.map((n) => n.text).join('\n');
    assert.match(texts, /being verified for rollback readiness/);
    assert.match(
      texts,
      /a successful verification result for a version of orders from branch 'main' has not yet been published/,
    );
  });
});
