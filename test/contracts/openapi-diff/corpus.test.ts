/**
 * The corpus gate: oasdiff's own test pairs (fixtures/oas-diff, 235 pairs with the rule ids oasdiff expects) through
 * diffOpenApi as shipped (rollgate's rules, api-smart-diff and Optic). Fails on any miss in the rollback core set,
 * on recall below the floors, and on any false alarm on a pair oasdiff's test says is surely not breaking.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { closeSharedOpticWorker, diffOpenApi } from '../../../contracts/src/openapi-diff/index.ts';
import type { DiffResult } from '../../../contracts/src/openapi-diff/index.ts';

interface Case {
  id: string;
  base: string;
  revision: string;
  oas: '3.0' | '3.1';
  expected_breaking: boolean;
  strength: 'strong' | 'weak';
  oasdiff: { expected_ids: string[] };
}

const DIR = new URL('../../../fixtures/oas-diff/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as { cases: Case[] };

/** The changes a rollback undoes that break clients: an endpoint, parameter, response field or success status gone, a new required input, a type changed. */
const ROLLBACK_RULES = new Set([
  'api-path-removed-without-deprecation',
  'api-removed-without-deprecation',
  'request-parameter-removed',
  'response-required-property-removed',
  'response-optional-property-removed',
  'response-success-status-removed',
  'new-required-request-parameter',
  'request-parameter-became-required',
  'new-required-request-property',
  'request-property-became-required',
  'request-body-added-required',
  'request-body-became-required',
  'request-body-type-changed',
  'request-property-type-changed',
  'request-parameter-type-changed',
  'response-body-type-changed',
  'response-property-type-changed',
  'response-header-type-changed',
]);

/**
 * The rollback core set: the breaking pairs whose expected ids include a rollback rule (31 in cases.json), less two
 * that compare a file with itself (their Go tests change the document in memory: no file pair can show it,
 * TestRequestBodyTypeNarrowingStillBreaking and TestResponseBodyTypeNarrowingMultiTypeNotBreaking).
 * Each must yield every rollback id oasdiff expects of it.
 */
const ROLLBACK_CORE = [
  'checker/check_breaking_property_test.go#TestBreaking_ReqBodyBecameEnumAndTypeChanged',
  'checker/check_breaking_property_test.go#TestBreaking_ReqBodyRequiredPropertyEnabled',
  'checker/check_breaking_property_test.go#TestBreaking_ReqBodyNewRequiredProperty',
  'checker/check_breaking_property_test.go#TestBreaking_RespBodyDeleteRequiredProperty',
  'checker/check_breaking_property_test.go#TestBreaking_RespBodyDeleteAllOfRequiredProperty',
  'checker/check_breaking_property_test.go#TestBreaking_WriteOnlyDeleteNonRequiredProperty',
  'checker/check_breaking_property_test.go#TestBreaking_Body',
  'checker/check_breaking_property_test.go#TestBreaking_Items',
  'checker/check_breaking_property_test.go#TestBreaking_AnyOf',
  'checker/check_breaking_property_test.go#TestBreaking_NestedProp',
  'checker/check_not_breaking_test.go#TestBreaking_DeletedTag',
  'checker/check_not_breaking_test.go#TestBreaking_AddedEnum',
  'checker/check_request_parameter_removed_test.go#TestBreaking_DeletedParameter',
  'checker/check_request_parameters_type_changed_test.go#TestRequestQueryParamWideningToNarrowerItemTypeStillBreaking',
  'checker/check_request_parameters_type_changed_test.go#TestRequestQueryParamScalarToConstrainedArrayBreaking',
  'checker/check_request_parameters_type_changed_test.go#TestRequestQueryParamMultiTypeToConstrainedArrayBreaking',
  'checker/check_request_property_type_changed_test.go#TestRequestPropertyTypeChangedCheck',
  'checker/check_request_property_type_changed_test.go#TestRequestBodyAndPropertyTypesChangedCheckArrayToObject',
  'checker/check_request_property_type_changed_test.go#TestRequestBodyAndPropertyTypesChangedCheckObjectToArray',
  'checker/check_request_property_updated_test.go#TestRequiredRequestPropertyAdded',
  'checker/check_request_property_updated_test.go#TestRequiredRequestPropertiesAdded',
  'checker/check_response_optional_property_updated_test.go#TestResponseOptionalPropertyUpdatedCheck',
  'checker/check_response_property_type_changed_test.go#TestResponseSchemaTypeChangedCheck',
  'checker/check_response_property_type_changed_test.go#TestResponsePropertyAnyOfModified',
  'checker/check_response_property_type_changed_test.go#TestResponseAdditionalPropertyTypeChangedCheck',
  'checker/check_response_property_type_changed_test.go#TestResponseEmbeddedAdditionalPropertyTypeChangedCheck',
  'checker/check_sub_schema_traversal_test.go#TestSubSchemaTraversalAddedProperty',
  'checker/check_sub_schema_traversal_test.go#TestAdditionalPropertiesTraversalDeletedRequiredProperty',
  'checker/check_sub_schema_traversal_test.go#TestNotSubSchemaTraversalModifiedProperty',
];

/** Breaking pairs found (an ERR or WARN finding), at least; raised to what the engine reaches. */
const FLOORS = { '3.0': 88, '3.1': 44 };

describe('openapi-diff on oasdiff corpus (fixtures/oas-diff)', function () {
  this.timeout(180_000);
  const results = new Map<string, DiffResult>();
  const text = (p: string) => readFileSync(new URL(p, DIR), 'utf8');

  before(async () => {
    for (const c of cases) results.set(c.id, await diffOpenApi(text(c.base), text(c.revision)));
  });
  after(() => closeSharedOpticWorker());

  const breaking = (r: DiffResult) => r.findings.some((f) => f.level !== 'INFO');

  it('the rollback core set is every breaking pair expecting a rollback rule, less the two file-with-itself pairs', () => {
    const defined = cases
      .filter((c) => c.expected_breaking && c.base !== c.revision)
      .filter((c) => c.oasdiff.expected_ids.some((id) => ROLLBACK_RULES.has(id)))
      .map((c) => c.id);
    assert.deepEqual(ROLLBACK_CORE, defined);
  });

  it('finds every rollback id oasdiff expects in each pair of the rollback core set', () => {
    const misses: string[] = [];
    for (const id of ROLLBACK_CORE) {
      const c = cases.find((x) => x.id === id)!;
      const found = new Set(results.get(id)!.findings.map((f) => f.id));
      for (const expected of c.oasdiff.expected_ids.filter((e) => ROLLBACK_RULES.has(e)))
        if (!found.has(expected as never)) misses.push(`${id}: ${expected}`);
    }
    assert.deepEqual(misses, []);
  });

  for (const oas of ['3.0', '3.1'] as const)
    it(`finds at least ${FLOORS[oas]} breaking OpenAPI ${oas} pairs`, () => {
      const pairs = cases.filter((c) => c.oas === oas && c.expected_breaking);
      const found = pairs.filter((c) => breaking(results.get(c.id)!)).length;
      assert.ok(
        found >= FLOORS[oas],
        `${found} of ${pairs.length} breaking ${oas} pairs found; the floor is ${FLOORS[oas]}`,
      );
    });

  it('raises no alarm on the pairs oasdiff checked with every rule and found not breaking', () => {
    const alarms = cases
      .filter((c) => !c.expected_breaking && c.strength === 'strong')
      .filter((c) => breaking(results.get(c.id)!))
      .map(
        (c) =>
          `${c.id}: ${results
            .get(c.id)!
            .findings.map((f) => f.id)
            .join(', ')}`,
      );
    assert.deepEqual(alarms, []);
  });

  it('gets an answer from every engine on every pair (none failed, none timed out)', () => {
    const failed = [...results]
      .filter(([, r]) => r.failures.length)
      .map(([id, r]) => `${id}: ${JSON.stringify(r.failures)}`);
    assert.deepEqual(failed, []);
  });

  it('finds nothing breaking when a document is compared with itself', () => {
    const same = cases.filter((c) => c.base === c.revision);
    assert.ok(same.length >= 3);
    for (const c of same) assert.deepEqual(results.get(c.id)!.findings, [], c.id);
  });
});
