/**
 * The matrix answers the Pact Broker's own specs pin (pact-foundation/pact_broker, MIT): the fixture graph and
 * expectations of spec/features/get_matrix_approval_spec.rb (and its approved JSON), the history of
 * spec/lib/pact_broker/matrix/repository_spec.rb ("when a pact is verified twice by the same provider version"),
 * translated to rollgate's API. Issue 14, behaviours 2, 3 and 4.
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

type Notice = { type: string; text: string };
type Row = {
  consumer: { name: string; version: { number: string } };
  provider: { name: string; version: { number: string } | null };
  verificationResult: { success: boolean; _links: { self: { href: string } } } | null;
  verdict: string;
  evidence: string;
  superseded?: boolean;
};

for (const adapter of adapters()) {
  describe(`the Pact Broker's matrix specs (${adapter})`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    const get = async (path: string) => {
      const res = await b.api.get(path);
      assert.equal(res.status, 200, res.text);
      return res.body as {
        summary: { deployable: boolean | null; reason: string; success: number; failed: number; unknown: number };
        notices: Notice[];
        matrix: Row[];
        page?: { number: number; size: number; totalElements: number; totalPages: number };
        _links: Record<string, { href: string }>;
      };
    };

    // get_matrix_approval_spec.rb's build_matrix_fixture_graph: Foo -> Bar: v1 verified by Bar 10, v2 (main)
    // failed by Bar 20, v3 (main) unverified; Foo v3 -> Baz verified by Baz 30, deployed to production.
    const graph = () =>
      b.td
        .environment('production')
        .publishPact({
          consumer: 'Foo',
          version: '1',
          provider: 'Bar',
          pact: (p) => p.withInteraction({ path: '/things/1' }),
        })
        .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '10', success: true })
        .publishPact({
          consumer: 'Foo',
          version: '2',
          provider: 'Bar',
          branch: 'main',
          pact: (p) => p.withInteraction({ path: '/things/2' }),
        })
        .verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '20', success: false })
        .publishPact({
          consumer: 'Foo',
          version: '3',
          provider: 'Bar',
          branch: 'main',
          pact: (p) => p.withInteraction({ path: '/things/3' }),
        })
        .publishPact({
          consumer: 'Foo',
          version: '3',
          provider: 'Baz',
          pact: (p) => p.withInteraction({ path: '/things/1' }),
        })
        .verify({ consumer: 'Foo', version: '3', provider: 'Baz', providerVersion: '30', success: true })
        .deploy({ pacticipant: 'Baz', version: '30', environment: 'production' });

    describe('deployable is null when failed and unknown rows are both present', () => {
      it('matrix UI browse (two selectors by name, latestby=cvpv): null, 1/1/1, the reason names both', async () => {
        await graph();
        const body = await get('/matrix?q[][pacticipant]=Foo&q[][pacticipant]=Bar&latestby=cvpv');
        assert.equal(body.summary.deployable, null);
        assert.deepEqual([body.summary.success, body.summary.failed, body.summary.unknown], [1, 1, 1]);
        assert.match(body.summary.reason, /The verification for the pact between Foo \(2\) and Bar \(20\) failed/);
        assert.match(body.summary.reason, /There is no verified pact between Foo \(3\)/);
        assert.deepEqual(
          body.notices.map((n) => n.type),
          ['error', 'error'],
        );
        assert.deepEqual(
          body.matrix.map((r) => [r.consumer.version.number, r.provider.version?.number ?? null, r.verdict]),
          [
            ['3', null, 'unknown'],
            ['2', '20', 'incompatible'],
            ['1', '10', 'compatible'],
          ],
        );
      });

      it('success=true and limit=1 choose the listed rows only, never the answer (an intentional difference)', async () => {
        await graph();
        const filtered = await get('/matrix?q[][pacticipant]=Foo&q[][pacticipant]=Bar&latestby=cvpv&success=true');
        assert.deepEqual(
          filtered.matrix.map((r) => r.verdict),
          ['compatible'],
        );
        assert.equal(filtered.summary.deployable, null, 'the Pact Broker answers true here (docs/api.md, conformance)');
        const limited = await get('/matrix?q[][pacticipant]=Foo&q[][pacticipant]=Bar&latestby=cvpv&limit=1');
        assert.equal(limited.matrix.length, 1);
        assert.equal(limited.summary.deployable, null);
      });

      it('the path endpoint /matrix/provider/Bar/consumer/Foo answers the same', async () => {
        await graph();
        const body = await get('/matrix/provider/Bar/consumer/Foo');
        assert.equal(body.summary.deployable, null);
        assert.deepEqual([body.summary.success, body.summary.failed, body.summary.unknown], [1, 1, 1]);
        assert.match(body.summary.reason, /failed/);
        assert.match(body.summary.reason, /There is no verified pact/);
      });

      it('a failure alone is still false, and a specified version that does not exist is false even with unknowns', async () => {
        await graph();
        const failed = await get(
          '/matrix?q[][pacticipant]=Foo&q[][version]=2&q[][pacticipant]=Bar&q[][version]=20&latestby=cvpv',
        );
        assert.equal(failed.summary.deployable, false);
        const missing = await get(
          '/matrix?q[][pacticipant]=Foo&q[][version]=3&q[][pacticipant]=Bar&q[][version]=99&latestby=cvpv',
        );
        assert.equal(missing.summary.deployable, false);
        assert.match(missing.summary.reason, /The specified version 99 of Bar does not exist/);
      });
    });

    describe('latest=true without an environment', () => {
      it('single selector to latest (the top production shape): the "specify the environment" warning, then the error', async () => {
        await graph();
        const body = await get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&latest=true');
        assert.equal(body.summary.deployable, null);
        assert.deepEqual([body.summary.success, body.summary.failed, body.summary.unknown], [0, 0, 1]);
        assert.deepEqual(
          body.notices.map((n) => n.type),
          ['warning', 'error'],
        );
        assert.equal(
          body.notices[0].text,
          'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
        );
        assert.match(
          body.summary.reason,
          /^WARN: It is recommended to specify the environment[^\n]*\nThere is no verified pact between Foo \(1\) and Bar \(20\)/,
        );
      });

      it('to an environment or the main branch there is no such warning (only the error)', async () => {
        await graph();
        const env = await get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=production');
        assert.equal(env.summary.deployable, null);
        assert.deepEqual(
          env.notices.map((n) => n.type),
          ['error'],
        );
        const main = await get('/matrix?q[][pacticipant]=Foo&q[][version]=2&latestby=cvpv&mainBranch=true');
        assert.equal(main.summary.deployable, null);
        assert.deepEqual(
          main.notices.map((n) => n.type),
          ['error'],
        );
      });

      it('two specified pacticipants with latest=true get no warning (the Pact Broker warns for one)', async () => {
        await graph();
        const body = await get(
          '/matrix?q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][version]=10&latestby=cvpv&latest=true',
        );
        assert.ok(!body.notices.some((n) => n.type === 'warning'), JSON.stringify(body.notices));
        assert.equal(body.summary.deployable, true);
      });
    });

    describe('without latestby the matrix is the history', () => {
      const verifiedTwice = () =>
        b.td
          .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: false })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true });

      it('a failed then a passed verification by the same provider version are two rows, and deployable is false', async () => {
        await verifiedTwice();
        const body = await get('/matrix?q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][version]=2');
        assert.equal(body.matrix.length, 2);
        assert.deepEqual(
          body.matrix.map((r) => [r.verificationResult?.success, r.verdict, r.evidence, r.superseded ?? false]),
          [
            [true, 'compatible', 'verification', false],
            [false, 'incompatible', 'verification', true],
          ],
        );
        assert.notEqual(
          body.matrix[0].verificationResult!._links.self.href,
          body.matrix[1].verificationResult!._links.self.href,
        );
        assert.equal(body.summary.deployable, false);
        assert.deepEqual([body.summary.success, body.summary.failed], [1, 1]);
        assert.deepEqual(body.page, { number: 1, size: 100, totalElements: 2, totalPages: 1 });
      });

      it('with latestby=cvpv (what can-i-deploy sends) the latest result decides: one row, deployable', async () => {
        await verifiedTwice();
        const body = await get(
          '/matrix?q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][version]=2&latestby=cvpv',
        );
        assert.equal(body.matrix.length, 1);
        assert.equal(body.matrix[0].superseded, undefined);
        assert.equal(body.summary.deployable, true);
        assert.equal(body.page, undefined, 'answers with latestby are not paged unless asked');
      });

      it('is paged: pageSize rows per page with next and previous links keeping the query', async () => {
        await b.td
          .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: false })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: true })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '3', success: true })
          .publishPact({
            consumer: 'Foo',
            version: '2',
            provider: 'Bar',
            pact: (p) => p.withInteraction({ path: '/x' }),
          })
          .verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '3', success: true });
        const first = await get('/matrix?q[][pacticipant]=Foo&q[][pacticipant]=Bar&pageSize=3');
        assert.equal(first.matrix.length, 3);
        assert.deepEqual(first.page, { number: 1, size: 3, totalElements: 4, totalPages: 2 });
        assert.equal(first.summary.failed, 1, 'the answer is computed from every row, not the page');
        const next = new URL(first._links.next.href);
        assert.match(next.search, /q\[\]\[pacticipant\]=Foo&q\[\]\[pacticipant\]=Bar&pageNumber=2&pageSize=3$/);
        const second = await get(`${next.pathname}${next.search}`);
        assert.equal(second.matrix.length, 1);
        assert.ok(second._links.previous);
        assert.equal(second._links.next, undefined);
        const all = [...first.matrix, ...second.matrix].map(
          (r) => `${r.consumer.version.number}/${r.provider.version?.number}/${r.verificationResult?.success}`,
        );
        assert.deepEqual(all, ['2/3/true', '1/3/true', '1/2/true', '1/2/false']);
      });

      it('the pair endpoint /matrix/provider/P/consumer/C is paged too, with the same totals and summary on every page', async () => {
        await b.td
          .publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '2', success: false })
          .verify({ consumer: 'Foo', version: '1', provider: 'Bar', providerVersion: '3', success: true })
          .publishPact({
            consumer: 'Foo',
            version: '2',
            provider: 'Bar',
            pact: (p) => p.withInteraction({ path: '/x' }),
          })
          .verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '3', success: true })
          .verify({ consumer: 'Foo', version: '2', provider: 'Bar', providerVersion: '4', success: true });
        const rowOf = (r: Row) => `${r.consumer.version.number}/${r.provider.version?.number}`;
        const whole = await get('/matrix/provider/Bar/consumer/Foo');
        assert.equal(whole.matrix.length, 4);
        assert.deepEqual(whole.page, { number: 1, size: 100, totalElements: 4, totalPages: 1 });
        assert.equal(whole._links.next, undefined);
        const seen: string[] = [];
        let path: string | undefined = '/matrix/provider/Bar/consumer/Foo?pageSize=3';
        for (let n = 1; path; n++) {
          const page = await get(path);
          assert.deepEqual(page.page, { number: n, size: 3, totalElements: 4, totalPages: 2 });
          assert.deepEqual(page.summary, whole.summary, 'the answer is computed from every row, not the page');
          seen.push(...page.matrix.map(rowOf));
          path = page._links.next
            ? new URL(page._links.next.href).pathname + new URL(page._links.next.href).search
            : undefined;
        }
        assert.deepEqual(seen, whole.matrix.map(rowOf));
        const limited = await get('/matrix/provider/Bar/consumer/Foo?limit=2');
        assert.deepEqual(limited.matrix.map(rowOf), whole.matrix.slice(0, 2).map(rowOf));
        assert.equal(limited.page?.totalElements, 2);
        assert.equal(limited.summary.failed, whole.summary.failed);
        for (const bad of ['limit=0', 'limit=x', 'pageSize=0']) {
          const res = await b.api.get(`/matrix/provider/Bar/consumer/Foo?${bad}`);
          assert.equal(res.status, 400, bad);
          assert.match(JSON.stringify(res.body), new RegExp(bad.split('=')[0]!), bad);
        }
      });

      it('the UI matrix keeps the latest result per pair and links to the history', async () => {
        await verifiedTwice();
        const res = await b.api.get('/ui/matrix/provider/Bar/consumer/Foo', { accept: 'text/html' });
        assert.equal(res.status, 200);
        const cells = [...res.text.matchAll(/data-verdict="([a-z]+)"/g)].map((m) => m[1]);
        assert.deepEqual(cells, ['compatible']);
        const href = /<a href="([^"]+)"[^>]*>[^<]*history/i.exec(res.text)?.[1];
        assert.ok(href, 'a link to the history');
        const history = await b.api.get(href!, { accept: 'text/html' });
        assert.equal(history.status, 200, history.text);
        const rows = [...history.text.matchAll(/<tr data-verdict="([a-z]+)"( data-superseded="true")?>/g)].map(
          (m) => `${m[1]}${m[2] ? ' superseded' : ''}`,
        );
        assert.deepEqual(rows, ['compatible', 'incompatible superseded']);
        assert.match(history.text, /2 results of Foo → Bar/);
      });
    });
  });
}
