/** Runs rollgate's rules on a named fixture pair (fixtures/oas-diff/rules/<name>/{base,revision}.yaml). */
import { readFileSync } from 'node:fs';
import { diffOpenApi, findingMessage } from '../../../contracts/src/openapi-diff/index.ts';
import type { DiffResult } from '../../../contracts/src/openapi-diff/index.ts';

const RULES = new URL('../../../fixtures/oas-diff/rules/', import.meta.url);

export const fixture = (name: string, side: 'base' | 'revision') =>
  readFileSync(new URL(`${name}/${side}.yaml`, RULES), 'utf8');

/** `LEVEL id METHOD path: message`, one line per finding, in the engine's order. */
const lines = (result: DiffResult) =>
  result.findings.map((f) => {
    const op = f.location.operation ? ` ${f.location.operation.method.toUpperCase()} ${f.location.operation.path}` : '';
    return `${f.level} ${f.id}${op}: ${findingMessage(f)}`;
  });

/** The findings of rollgate's own rules for a fixture pair, base -> revision or (reversed) revision -> base. */
export async function ruleFindings(name: string, { reversed = false } = {}): Promise<string[]> {
  const [from, to] = reversed ? ['revision', 'base'] : ['base', 'revision'];
  return lines(
    await diffOpenApi(fixture(name, from as 'base'), fixture(name, to as 'revision'), { engines: ['rollgate'] }),
  );
}
