/**
 * `diffOpenApi(base, revision, options)`: what changed from one version of a provider's OpenAPI document to another,
 * as findings with oasdiff's rule ids and levels. rollgate's own rules are the primary engine: on oasdiff's corpus they
 * find 88 of 91 breaking 3.0 pairs (the 3 others are unfindable) and 44 of 44 3.1 pairs with no false alarm on the
 * surely-safe pairs, where the two libraries together find 70 and 16 with 5 false alarms (docs/benchmarks.md).
 * api-smart-diff and Optic's breaking-changes ruleset run beside them, each behind its adapter, as a cross-check: a
 * change they report too lists them among its engines; one only they report goes to `unconfirmed`. Swagger 2.0 is
 * converted to OpenAPI 3.0 first. The answer is `partial` when a keyword no engine compares changed or rollgate's
 * engine could not finish. Pure apart from the Optic worker it may use; synchronous work (rollgate's rules,
 * api-smart-diff) grows with the documents, so a server calls it off its request thread.
 */
import { installedVersion } from './engines/installed-version.ts';
import type { OpticWorker } from './engines/optic/warm-worker.ts';
import { runApiSmartDiff } from './engines/api-smart-diff/run.ts';
import { runRules } from './engines/rollgate.ts';
import { readDocument } from './document/read.ts';
import { swagger2ToOpenApi3 } from './document/swagger2.ts';
import { confirmFindings, mergeFindings } from './merge.ts';
import { buildDiff } from './model/diff.ts';
import type { Json } from './model/json.ts';
import type { DiffResult, EngineName, Finding } from './types.ts';
import { unseenChanges } from './unseen.ts';

export interface DiffOptions {
  /** Engines to run (default: all three). */
  engines?: EngineName[];
  /** The warm Optic worker to use (default: one shared by the process, started on first use). */
  optic?: OpticWorker;
  /** Time limit for Optic's part. */
  opticTimeoutMs?: number;
}

export const ALL_ENGINES: readonly EngineName[] = ['rollgate', 'api-smart-diff', 'optic'];

const VERSIONS: Record<EngineName, () => string> = {
  rollgate: () => '1',
  'api-smart-diff': () => installedVersion('api-smart-diff'),
  optic: () => installedVersion('@useoptic/standard-rulesets'),
};

/**
 * `base` and `revision`: document text (JSON or YAML) or parsed objects. Throws OpenApiDocumentError when one is no
 * usable document (not JSON/YAML, no supported version, an external reference).
 */
export async function diffOpenApi(
  base: string | object,
  revision: string | object,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const [b, r] = [readDocument(base), readDocument(revision)];
  const [bd, rd] = await Promise.all([asOpenApi3(b.document, b.version), asOpenApi3(r.document, r.version)]);
  const engines = options.engines ?? ALL_ENGINES;
  const lists: Finding[][] = [];
  const failures: DiffResult['failures'] = [];
  const model = buildDiff(bd, rd);
  if (model.truncated)
    failures.push({ engine: 'rollgate', message: 'the documents are too large to compare completely' });
  const own = engines.includes('rollgate') ? runRules(model) : undefined;
  const attempt = async (engine: EngineName, run: () => Promise<Finding[]> | Finding[]) => {
    try {
      lists.push(await run());
    } catch (e) {
      failures.push({ engine, message: (e as Error).message });
    }
  };
  if (engines.includes('api-smart-diff')) await attempt('api-smart-diff', () => runApiSmartDiff(bd, rd).findings);
  if (engines.includes('optic'))
    await attempt('optic', async () => {
      const worker = options.optic ?? (await sharedOpticWorker());
      return (await worker.diff(bd, rd, options.opticTimeoutMs)).findings;
    });
  const unseen = unseenChanges(bd, rd);
  // rollgate's rules lead when they run (see the module comment); library engines run alone lead themselves.
  const { findings, unconfirmed } = own
    ? confirmFindings(own, lists)
    : { findings: mergeFindings(lists), unconfirmed: [] };
  return {
    findings,
    unconfirmed,
    // A library that fails costs confirmations, not findings; rollgate's own engine failing (or running without it)
    // leaves findings out.
    partial: unseen.length > 0 || failures.some((f) => f.engine === 'rollgate' || !own),
    unseen,
    versions: { base: b.declaredVersion, revision: r.declaredVersion },
    engines: engines.map((name) => ({ name, version: VERSIONS[name]() })),
    failures,
  };
}

const asOpenApi3 = (doc: Json, version: string) => (version === '2.0' ? swagger2ToOpenApi3(doc) : Promise.resolve(doc));

let shared: OpticWorker | undefined;

/** The process's Optic worker (idle, it does not keep the process alive). */
async function sharedOpticWorker(): Promise<OpticWorker> {
  if (!shared) {
    const { OpticWorker } = await import('./engines/optic/warm-worker.ts');
    shared = new OpticWorker();
  }
  return shared;
}

/** Stops the shared Optic worker (tests, and commands that want to exit at once). */
export async function closeSharedOpticWorker(): Promise<void> {
  const w = shared;
  shared = undefined;
  await w?.close();
}
