/**
 * Optic's breaking-changes ruleset (`@useoptic/standard-rulesets` 1.0.9, MIT) run in this thread. Loading it takes
 * about a second, so rollgate runs it in a warm worker (worker.ts); this module is what the worker runs. Optic's
 * libraries send no telemetry themselves (the CLI did); OPTIC_TELEMETRY_LEVEL=off is set anyway, and the worker
 * refuses any network connection (network-guard.ts).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Json } from '../../model/json.ts';
import { segment } from '../../model/json.ts';
import { RULE_LEVELS } from '../../rule-levels.ts';
import type { Finding } from '../../types.ts';
import type { EngineOutput } from '../api-smart-diff/run.ts';
import { pointerTokens, siteOf, whereArgs } from '../site.ts';
import { mapOptic } from './map.ts';

type Runner = (
  from: Json,
  to: Json,
) => Promise<
  { name: string; error?: string; passed: boolean; exempted?: boolean; location: { jsonPath: string; spec: string } }[]
>;

let runner: Promise<Runner> | undefined;

/** Loads Optic once (about a second) and keeps its rule runner. */
export function loadOptic(): Promise<Runner> {
  runner ??= (async () => {
    process.env.OPTIC_TELEMETRY_LEVEL = 'off';
    const [{ BreakingChangesRuleset }, { RuleRunner }, { diff }] = await Promise.all([
      import('@useoptic/standard-rulesets'),
      import('@useoptic/rulesets-base'),
      import('@useoptic/openapi-utilities'),
    ]);
    const rules = new RuleRunner([new BreakingChangesRuleset()]);
    return (from: Json, to: Json) =>
      rules.runRules({
        context: {},
        diffs: diff(from, to),
        fromSpec: from as never,
        toSpec: to as never,
      }) as ReturnType<Runner>;
  })();
  return runner;
}

/** Optic compares dereferenced documents; circular references stay as `$ref`s (it does not follow them). */
const dereference = async (doc: Json) =>
  (await SwaggerParser.dereference(
    structuredClone(doc) as never,
    {
      dereference: { circular: 'ignore' },
      resolve: { external: false, file: false, http: false },
    } as SwaggerParser.Options,
  )) as unknown as Json;

export async function runOptic(base: Json, revision: Json): Promise<EngineOutput> {
  const run = await loadOptic();
  const results = await run(await dereference(base), await dereference(revision));
  const findings: Finding[] = [];
  let unmapped = 0;
  for (const r of results) {
    if (r.passed || r.exempted) continue;
    const side = r.location.spec === 'before' ? 'base' : 'revision';
    const tokens = pointerTokens(r.location.jsonPath);
    const site = siteOf(tokens, side === 'base' ? base : revision);
    const mapped = site
      ? mapOptic({ name: r.name, error: r.error, pointer: r.location.jsonPath, side }, site, tokens, { base, revision })
      : [];
    if (!mapped.length) unmapped++;
    for (const m of mapped)
      findings.push({
        id: m.id,
        level: RULE_LEVELS[m.id],
        location: {
          ...(site?.operation ? { operation: site.operation } : {}),
          pointer: tokens.map((t) => segment(t)).join(''),
          side,
        },
        args: { ...whereArgs(site), ...m.args },
        engines: ['optic'],
      });
  }
  return { findings, unmapped };
}
