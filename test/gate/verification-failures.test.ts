import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  failureCountText,
  failuresOf,
  MAX_INTERACTIONS,
  MAX_MISMATCHES,
} from '../../broker/src/gate/verification/failures.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(`fixtures/verification-results/${name}`, 'utf8')) as {
    success: boolean;
    testResults: unknown;
  };

describe('what failed in a failed verification (read from its test results)', () => {
  it('reads the Rust verifier (pact-js 17): each failed interaction with its mismatches, attribute and path', () => {
    const { success, testResults } = fixture('pact-js-17-failed.json');
    const f = failuresOf(success, testResults)!;
    assert.equal(f.format, 'pact-rust');
    assert.deepEqual(
      f.interactions.map((i) => i.description),
      ['a request for order 1', 'a request for the order list'],
      'only the failed interactions',
    );
    assert.deepEqual(
      f.interactions[0]!.mismatches.find((m) => m.path === '$.id'),
      {
        attribute: 'body',
        path: '$.id',
        message: "Expected 'one' (String) to be an integer",
      },
    );
    assert.deepEqual(
      f.interactions[1]!.mismatches.find((m) => m.attribute === 'status'),
      {
        attribute: 'status',
        message: 'expected 200 but was 500',
      },
    );
    assert.equal(failureCountText(f), '2 interactions failed (7 mismatches)');
  });

  it("reads pact-ruby's RSpec examples, grouped by interaction and provider state", () => {
    const { success, testResults } = fixture('pact-ruby-failed.json');
    const f = failuresOf(success, testResults)!;
    assert.equal(f.format, 'pact-ruby');
    assert.deepEqual(
      f.interactions.map((i) => [i.description, i.providerState, i.mismatches.length]),
      [
        ['a request for order 1', 'order 1 exists', 2],
        ['a request for the order list', 'no orders exist', 1],
      ],
    );
    assert.match(f.interactions[0]!.mismatches[0]!.message, /Expected an Integer .* at \$\.id/);
    assert.equal(f.interactions[0]!.mismatches[0]!.attribute, 'has a matching body');
    // Without differences, RSpec's message in one line.
    assert.equal(f.interactions[1]!.mismatches[0]!.message, 'expected: 200 got: 500 (compared using eql?)');
  });

  it('keeps anything else as its first lines of text', () => {
    const f = failuresOf(false, 'Provider state setup failed\n  connection refused\n')!;
    assert.equal(f.format, 'text');
    assert.deepEqual(
      f.interactions[0]!.mismatches.map((m) => m.message),
      ['Provider state setup failed', 'connection refused'],
    );
    assert.equal(failuresOf(false, { someOtherShape: true })!.format, 'text');
  });

  it('is bounded: at most 10 mismatches per interaction and 20 interactions, with a count of the rest', () => {
    const results = Array.from({ length: 25 }, (_, i) => ({
      interactionDescription: `interaction ${i}`,
      success: false,
      mismatches: Array.from({ length: 13 }, (_, j) => ({
        attribute: 'body',
        identifier: `$.f${j}`,
        description: `x${'y'.repeat(900)}`,
      })),
    }));
    const f = failuresOf(false, results)!;
    assert.equal(f.interactions.length, MAX_INTERACTIONS);
    assert.equal(f.moreInteractions, 5);
    assert.equal(f.interactions[0]!.mismatches.length, MAX_MISMATCHES);
    assert.equal(f.interactions[0]!.more, 3);
    assert.ok(f.interactions[0]!.mismatches[0]!.message.length <= 500, 'a long message is clipped');
    assert.equal(failureCountText(f), '25 interactions failed');
  });

  it('has nothing to say for a success or without test results', () => {
    assert.equal(failuresOf(true, fixture('pact-js-17-failed.json').testResults), undefined);
    assert.equal(failuresOf(false, undefined), undefined);
    assert.equal(failuresOf(false, []), undefined);
  });
});
