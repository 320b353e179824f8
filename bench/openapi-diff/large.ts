/**
 * Time per engine on a large document: the synthetic spec of bench/openapi/gen.ts (200 paths, 500 operations, about
 * 570 KB of JSON) against a revision with a removed path, a removed property of a shared schema and a new required
 * parameter. rollgate: median of 3 runs after a warm-up; the libraries, slower by far, once each (warm Optic worker).
 */
import { diffOpenApi } from '../../contracts/src/openapi-diff/index.ts';
import type { EngineName } from '../../contracts/src/openapi-diff/index.ts';
import type { OpticWorker } from '../../contracts/src/openapi-diff/engines/optic/warm-worker.ts';
import { generate } from '../openapi/gen.ts';

export async function largeDocumentRows(optic: OpticWorker): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const base = generate({ paths: 200, interactions: 1, seed: 7 }).oas;
  const revision = structuredClone(base);
  const [firstPath, secondPath] = Object.keys(revision.paths);
  delete revision.paths[firstPath];
  const schemas = revision.components.schemas;
  const shared = Object.keys(schemas).find((k) => Object.keys(schemas[k].properties ?? {}).length > 1)!;
  delete schemas[shared].properties[Object.keys(schemas[shared].properties)[0]];
  const op = Object.values(revision.paths[secondPath] as Record<string, { parameters?: unknown[] }>)[0];
  op.parameters = [
    ...(op.parameters ?? []),
    { name: 'tenant', in: 'query', required: true, schema: { type: 'string' } },
  ];
  const size = `synthetic 3.0, 200 paths, ${Math.round(JSON.stringify(base).length / 1024)} KB`;
  for (const [engine, runs] of [
    ['rollgate', 4],
    ['api-smart-diff', 1],
    ['optic', 1],
  ] as [EngineName, number][]) {
    const times: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const r = await diffOpenApi(base, revision, { engines: [engine], optic, opticTimeoutMs: 900_000 });
      if (runs === 1 || i > 0) times.push(performance.now() - started);
      findings = r.findings.filter((f) => f.level !== 'INFO').length;
    }
    times.sort((a, b) => a - b);
    rows.push({
      engine,
      openapi: size,
      'breaking found': `${findings} ERR/WARN findings`,
      'median ms/pair': times[Math.floor(times.length / 2)],
    });
  }
  return rows;
}
