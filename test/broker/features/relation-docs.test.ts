/**
 * The HAL curies rollgate advertises lead somewhere: every relation of the index (and of a pact) has a short page at
 * its curie's `/doc/{rel}`, as the Pact Broker's doc controller answers (spec/lib/pact_broker/doc/controllers/app_spec.rb:
 * a 200 HTML page for each documented relation; coverage_spec.rb: every relation of the index is documented).
 */
import assert from 'node:assert/strict';
import { adapters, startTestBroker, type TestBroker } from '../../support/test-broker.ts';

type Curie = { name: string; href: string; templated: boolean };

/** Every (curie, relation) pair of a HAL body's links whose prefix names one of its curies. */
function curied(links: Record<string, unknown>): { rel: string; url: string }[] {
  const curies = (links.curies ?? []) as Curie[];
  assert.ok(curies.length > 0, 'the resource advertises curies');
  const out: { rel: string; url: string }[] = [];
  for (const rel of Object.keys(links)) {
    const [prefix, name] = rel.split(':');
    const curie = curies.find((c) => c.name === prefix);
    if (!curie || !name) continue;
    assert.equal(curie.templated, true);
    out.push({ rel, url: curie.href.replace('{rel}', encodeURIComponent(name)) });
  }
  return out;
}

for (const adapter of adapters()) {
  describe(`HAL documentation pages /doc/{rel} (${adapter})`, function () {
    this.timeout(30_000);
    let b: TestBroker;
    beforeEach(async () => (b = await startTestBroker({ adapter })));
    afterEach(async () => b.destroy());

    it('every curied relation the index advertises answers with its own short HTML page', async () => {
      const index = await b.api.get('/');
      const walked = curied(index.body._links);
      const prefixed = Object.keys(index.body._links).filter((r) => r.includes(':'));
      assert.deepEqual(
        prefixed.filter((r) => !walked.some((w) => w.rel === r)),
        [],
        'every prefixed relation has a curie',
      );
      assert.ok(walked.length >= 30, `${walked.length} relations`);
      const titles = new Set<string>();
      for (const { rel, url } of walked) {
        const res = await b.api.get(new URL(url).pathname + new URL(url).search, { accept: 'text/html' });
        assert.equal(res.status, 200, `${rel}: ${url} -> ${res.status}`);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/, rel);
        const title = /<h1>([^<]+)<\/h1>/.exec(res.text)?.[1];
        assert.ok(title?.includes(`(${rel.split(':')[1]})`), `${rel}: ${title}`);
        assert.match(res.text, /Allowed methods: <code>(GET|POST|PUT)<\/code>/, rel);
        titles.add(title!);
      }
      // pb:provider-pacts-for-verification and its deprecated beta: twin are one relation name, one page.
      assert.equal(titles.size, new Set(walked.map((w) => w.rel.split(':')[1])).size, 'one page per relation');
    });

    it("a pact's curied relations are documented too, and the page is markdown when asked for", async () => {
      await b.td.publishPact({ consumer: 'Foo', version: '1', provider: 'Bar' });
      const pact = await b.api.get('/pacts/provider/Bar/consumer/Foo/version/1');
      for (const { rel, url } of curied(pact.body._links)) {
        const res = await b.api.get(new URL(url).pathname + new URL(url).search, { accept: 'text/html' });
        assert.equal(res.status, 200, `${rel}: ${url}`);
      }
      const md = await b.api.get('/doc/publish-verification-results?context=pact', { accept: 'text/markdown' });
      assert.equal(md.status, 200);
      assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
      assert.match(
        md.text,
        /^# Publish verification results \(publish-verification-results\)\n\nAllowed methods: `POST`/,
      );
    });

    it('an unknown relation is a 404 page that says so, with markup in the name escaped', async () => {
      const res = await b.api.get('/doc/%3Cscript%3Enope', { accept: 'text/html' });
      assert.equal(res.status, 404);
      assert.match(res.text, /No documentation for the relation &lt;script&gt;nope/);
      assert.equal((await b.api.get('/doc/constructor')).status, 404, 'no prototype properties');
    });
  });
}
