import assert from 'node:assert/strict';
import { ContractError } from '../../contracts/src/errors.ts';
import { InProcessComparator } from '../../contracts/src/openapi/comparator/in-process.ts';
import type { ComparisonEngine, Finding } from '../../contracts/src/openapi/comparator/types.ts';
import { OpenApiDocumentError } from '../../contracts/src/openapi/errors.ts';
import { getInteraction, itemDocument, pactFor } from './support/documents.ts';

describe('comparator adapter (in process)', () => {
  it('answers compatible when the engine finds no error, naming the engine and its version', async () => {
    const v = await new InProcessComparator().compare(
      pactFor([getInteraction('/items/1', 200, { id: 1, kind: 'a' })]),
      itemDocument(),
    );
    assert.equal(v.result, 'compatible');
    assert.deepEqual(v.findings, []);
    assert.deepEqual(v.engine, { name: '@pactflow/openapi-pact-comparator', version: '2.3.1' });
    assert.equal(v.reason, undefined);
  });

  it('answers unknown, never compatible, for a pact whose regex cannot be read (the engine would ignore it)', async () => {
    const i = getInteraction('/items/1', 200, { id: 1, kind: 'a' });
    (i.response as Record<string, unknown>).matchingRules = {
      body: { '$.kind': { combine: 'AND', matchers: [{ match: 'regex', regex: '^(a|b' }] } },
    };
    const v = await new InProcessComparator().compare(pactFor([i]), itemDocument());
    assert.equal(v.result, 'unknown');
    assert.match(v.reason!, /\^\(a\|b at \$\.interactions\[0\]\.response\.matchingRules\.body/);
  });

  it('answers incompatible on an error finding, with where it is in the pact and in the document', async () => {
    const pact = pactFor([
      getInteraction('/items/1', 200, { id: 1 }),
      getInteraction('/items/2', 200, { id: 2, kind: 'zzz' }),
    ]);
    const v = await new InProcessComparator().compare(pact, itemDocument());
    assert.equal(v.result, 'incompatible');
    assert.equal(v.findings.length, 1);
    const f = v.findings[0];
    assert.equal(f.code, 'response.body.incompatible');
    assert.equal(f.type, 'error');
    assert.deepEqual(f.interaction, { index: 1, description: 'GET /items/2 -> 200' });
    assert.equal(f.pactLocation, '$.interactions[1].response.body.kind');
    assert.equal(f.pactValue, 'zzz');
    // The engine reports the schema as if inlined; the finding points at the text behind the $ref.
    assert.equal(f.documentLocation, '$.components.schemas.Item.properties.kind.enum');
    assert.deepEqual(f.operation, { method: 'GET', path: '/items/{id}' });
  });

  it('lets warnings pass: only findings of type "error" fail a pact', async () => {
    const interaction = {
      ...getInteraction('/items/1', 200, { id: 1 }),
      request: { method: 'GET', path: '/items/1', headers: { 'X-Trace': 'abc' } },
    };
    const v = await new InProcessComparator().compare(pactFor([interaction]), itemDocument());
    assert.deepEqual(
      v.findings.map((f) => [f.type, f.code]),
      [['warning', 'request.header.unknown']],
    );
    assert.equal(v.result, 'compatible');
  });

  describe('guard rails', () => {
    it('refuses a malformed pact with a ContractError (a 4xx) before the engine sees it', async () => {
      const c = new InProcessComparator();
      // The engine itself yields no findings for this, i.e. a silent pass.
      await assert.rejects(c.compare({ foo: 1 }, itemDocument()), (err: unknown) => {
        assert.ok(err instanceof ContractError);
        assert.ok(err.problems.some((p) => p.path === '$.interactions'));
        return true;
      });
      // ... and for this one the engine would throw a raw TypeError.
      await assert.rejects(c.compare({ ...pactFor([]), interactions: 'x' }, itemDocument()), ContractError);
      await assert.rejects(
        c.compare(pactFor([{ description: 'no request', response: { status: 200 } }]), itemDocument()),
        (err: unknown) => {
          assert.ok(err instanceof ContractError);
          assert.deepEqual(
            err.problems.map((p) => p.path),
            ['$.interactions[0].request'],
          );
          return true;
        },
      );
    });

    it('refuses something that is no document at all', async () => {
      await assert.rejects(new InProcessComparator().compare(pactFor([]), 'openapi: 3.0.0'), OpenApiDocumentError);
    });

    it('answers unknown, with the reason, for a document the engine cannot read', async () => {
      const v = await new InProcessComparator().compare(pactFor([getInteraction('/a')]), {
        openapi: '4.0.0',
        paths: {},
      });
      assert.equal(v.result, 'unknown');
      assert.equal(v.reasonCode, 'engine.rejected-document');
      assert.match(v.reason!, /^the comparison engine cannot read this document: .*Malformed OpenAPI file/);
      assert.deepEqual(v.findings, []);
    });

    it('answers unknown, with the reason, when the engine throws while comparing', async () => {
      const v = await new InProcessComparator().compare(pactFor([getInteraction('/a')]), {
        openapi: '3.0.0',
        paths: { '/a': { get: null } },
      });
      assert.equal(v.result, 'unknown');
      assert.equal(v.reasonCode, 'engine.failed');
      assert.match(v.reason!, /^the comparison engine failed: TypeError: /);
    });

    it('never changes the document or the pact it is given (the engine rewrites its input)', async () => {
      const doc = itemDocument();
      const pact = pactFor([getInteraction('/items/1', 200, { id: 1 }), getInteraction('/items/x', 200, { id: 'x' })]);
      const before = { doc: structuredClone(doc), pact: structuredClone(pact) };
      const c = new InProcessComparator();
      await c.compare(pact, doc);
      await c.compare(pact, doc);
      assert.deepEqual(doc, before.doc);
      assert.deepEqual(pact, before.pact);
    });
  });

  describe('cache of compiled documents', () => {
    /** An engine double that counts compiles: the seam a replacement engine would use. */
    const countingEngine = (findings: Finding[] = []) => {
      const calls = { compiled: 0, compared: 0 };
      const engine: ComparisonEngine = {
        info: { name: 'fake', version: '0' },
        compile: () => {
          calls.compiled++;
          return {
            compare: async () => {
              calls.compared++;
              return findings;
            },
          };
        },
      };
      return { engine, calls };
    };
    const doc = (n: number) => ({ ...itemDocument(), info: { title: `doc ${n}`, version: '1' } });

    it('compiles a document once, whatever its key order, and reuses it for every pact', async () => {
      const { engine, calls } = countingEngine();
      const c = new InProcessComparator({ engine });
      const reordered = Object.fromEntries(Object.entries(doc(1)).reverse());
      await c.compare(pactFor([getInteraction('/items/1')]), doc(1));
      await c.compare(pactFor([getInteraction('/items/2')]), reordered);
      assert.deepEqual(calls, { compiled: 1, compared: 2 });
      assert.equal(c.cachedDocuments().length, 1);
    });

    it('keeps at most cacheEntries documents, evicting the least recently used', async () => {
      const { engine, calls } = countingEngine();
      const c = new InProcessComparator({ engine, cacheEntries: 2 });
      const pact = pactFor([getInteraction('/items/1')]);
      for (const n of [1, 2, 1, 3, 1, 2]) await c.compare(pact, doc(n));
      // 1, 2 compiled; 1 hit; 3 evicts 2; 1 hit; 2 compiled again (evicting 3).
      assert.equal(calls.compiled, 4);
      assert.equal(c.cachedDocuments().length, 2);
    });

    it('drops a compiled document whose compare threw, so the next pact gets a fresh one', async () => {
      let compiled = 0;
      const engine: ComparisonEngine = {
        info: { name: 'flaky', version: '1' },
        compile: () => {
          const n = ++compiled;
          return {
            compare: async () => {
              if (n === 1) throw new Error('boom');
              return [];
            },
          };
        },
      };
      const c = new InProcessComparator({ engine });
      const pact = pactFor([getInteraction('/items/1')]);
      const first = await c.compare(pact, doc(1));
      assert.equal(first.result, 'unknown');
      assert.equal(first.reason, 'the comparison engine failed: Error: boom');
      assert.deepEqual(first.engine, { name: 'flaky', version: '1' });
      assert.equal((await c.compare(pact, doc(1))).result, 'compatible');
      assert.equal(compiled, 2);
    });

    it('uses the hash the caller gives instead of hashing the document again', async () => {
      const { engine, calls } = countingEngine();
      const c = new InProcessComparator({ engine });
      await c.compare(pactFor([getInteraction('/items/1')]), doc(1), { documentHash: 'h1' });
      await c.compare(pactFor([getInteraction('/items/1')]), doc(1), { documentHash: 'h1' });
      assert.deepEqual(c.cachedDocuments(), ['h1']);
      assert.equal(calls.compiled, 1);
    });
  });
});
