/** diffOpenApi's engines and answers: the library cross-check, the warm Optic worker, partial answers, bad input. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { OpenApiDocumentError } from '../../../contracts/src/openapi/errors.ts';
import { OpticWorker } from '../../../contracts/src/openapi-diff/engines/optic/warm-worker.ts';
import { closeSharedOpticWorker, diffOpenApi } from '../../../contracts/src/openapi-diff/index.ts';
import { MESSAGES } from '../../../contracts/src/openapi-diff/messages.ts';
import { RULE_LEVELS } from '../../../contracts/src/openapi-diff/rule-levels.ts';
import { RULES } from '../../../contracts/src/openapi-diff/rules/index.ts';
import { fixture } from './support.ts';

const corpus = (p: string) => readFileSync(new URL(`../../../fixtures/oas-diff/data/${p}`, import.meta.url), 'utf8');

describe('openapi-diff engines', function () {
  this.timeout(60_000);
  const optic = new OpticWorker();
  after(async () => {
    await optic.close();
    await closeSharedOpticWorker();
  });

  it('lists the library engines that found the same change beside rollgate, with every engine version', async () => {
    const r = await diffOpenApi(fixture('api-removed', 'base'), fixture('api-removed', 'revision'), { optic });
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.engines]),
      [
        ['api-path-removed-without-deprecation', ['rollgate', 'api-smart-diff', 'optic']],
        ['api-removed-without-deprecation', ['rollgate', 'api-smart-diff', 'optic']],
      ],
    );
    assert.deepEqual(
      r.engines.map((e) => e.name),
      ['rollgate', 'api-smart-diff', 'optic'],
    );
    assert.ok(r.engines.every((e) => /^\d/.test(e.version)));
    assert.equal(r.partial, false);
  });

  it('keeps what only a library reports apart: read-only properties a client never sends are no new required input', async () => {
    const r = await diffOpenApi(
      corpus('required-properties/read-only-new-base.yaml'),
      corpus('required-properties/read-only-new-revision.yaml'),
      { optic },
    );
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.unconfirmed.map((f) => [f.id, f.args.property, f.engines]),
      [
        ['new-required-request-property', 'created', ['api-smart-diff', 'optic']],
        ['new-required-request-property', 'id', ['api-smart-diff', 'optic']],
      ],
    );
  });

  it('runs Optic warm in a worker that never reaches the network', async () => {
    const ready = await optic.warm();
    assert.ok(ready.loadMs > 0);
    const started = performance.now();
    const answer = await optic.diff(
      JSON.parse(
        JSON.stringify(await import('yaml').then((y) => y.parse(fixture('response-property-removed', 'base')))),
      ),
      JSON.parse(
        JSON.stringify(await import('yaml').then((y) => y.parse(fixture('response-property-removed', 'revision')))),
      ),
    );
    assert.ok(performance.now() - started < ready.loadMs + 5_000);
    assert.ok(answer.findings.some((f) => f.id === 'response-required-property-removed' && f.args.property === 'name'));
    assert.equal(answer.networkAttempts, 0);
  });

  it("refuses fetch, sockets and DNS in the Optic worker's thread (the guard that keeps telemetry off)", async () => {
    const probe = new Worker(new URL('./support/network-probe.mjs', import.meta.url), { execArgv: [] });
    const reply = await new Promise<{ outcomes: string[]; attempts: number }>((resolve, reject) => {
      probe.once('message', resolve);
      probe.once('error', reject);
    });
    await probe.terminate();
    assert.deepEqual(reply.outcomes, [
      'fetch: NetworkRefusedError',
      'net.connect: NetworkRefusedError',
      'dns.lookup: NetworkRefusedError',
    ]);
    assert.equal(reply.attempts, 3);
  });

  it('names Optic as failed when it does not answer in time; rollgate still answers, completely', async () => {
    const slow = new OpticWorker();
    const r = await diffOpenApi(fixture('limits', 'base'), fixture('limits', 'revision'), {
      optic: slow,
      opticTimeoutMs: 1,
    }).finally(() => slow.close());
    assert.equal(r.partial, false);
    assert.deepEqual(
      r.failures.map((f) => f.engine),
      ['optic'],
    );
    assert.match(r.failures[0].message, /timed out after 1 ms/);
    assert.ok(
      r.findings.some((f) => f.id === 'request-property-max-length-decreased'),
      'rollgate still answers',
    );
  });

  it('answers partial, naming the keyword, when a change lies in a keyword no engine compares', async () => {
    const doc = (discriminator: string) => ({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { Pet: { type: 'object', discriminator: { propertyName: discriminator } } } },
    });
    const r = await diffOpenApi(doc('kind'), doc('type'), { engines: ['rollgate'] });
    assert.equal(r.partial, true);
    assert.deepEqual(r.unseen, [{ keyword: 'discriminator', pointer: '/components/schemas/Pet/discriminator' }]);
    const same = await diffOpenApi(doc('kind'), doc('kind'), { engines: ['rollgate'] });
    assert.equal(same.partial, false);
  });

  it('refuses what is no usable document, saying why and where', async () => {
    const kind = async (text: string) => {
      try {
        await diffOpenApi(text, fixture('limits', 'base'), { engines: ['rollgate'] });
        return 'accepted';
      } catch (e) {
        assert.ok(e instanceof OpenApiDocumentError);
        return `${e.kind}: ${e.message}`;
      }
    };
    assert.match(await kind('paths: [unclosed'), /^unparseable: \$: is not valid YAML/);
    assert.match(
      await kind('openapi: 4.0.0\npaths: {}'),
      /^unsupported: \$\.openapi: version "4\.0\.0" is not supported/,
    );
    assert.match(
      await kind('openapi: 3.0.3\npaths:\n  /a:\n    $ref: "https://example.com/a.yaml"'),
      /^external-ref: .*never fetches or reads external references/,
    );
  });
});

describe('openapi-diff catalogue', () => {
  it('has a level and a sentence for every id a rule can report, and no id no rule reports', () => {
    const declared = new Set(RULES.flatMap((r) => r.ids));
    assert.deepEqual(
      [...declared].filter((id) => !(id in RULE_LEVELS)),
      [],
    );
    assert.deepEqual(
      Object.keys(RULE_LEVELS).filter((id) => !declared.has(id as never)),
      [],
    );
    for (const id of declared) assert.notEqual(MESSAGES[id], id.replace(/-/g, ' '), `${id} has no sentence`);
  });
});
