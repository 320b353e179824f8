/**
 * The only file that knows @pactflow/openapi-pact-comparator (pinned exact in package.json; upgrades
 * are gated by test/contracts/corpus.test.ts). It maps the engine's results to rollgate findings.
 */
import * as opc from '@pactflow/openapi-pact-comparator';
import { OPC_INFO } from './engine-info.ts';
import { interactionIndexOf, toJsonPath } from './locations.ts';
import type { ComparisonEngine, CompiledDocuments, DocumentSet, Finding, FindingType } from './types.ts';

export { OPC_INFO };

/**
 * The engine's API as documented. Its published .d.ts uses `#`-import aliases and extensionless
 * paths that do not resolve under NodeNext, so TypeScript sees no exports: we state the shape here.
 */
interface OpcModule {
  Comparator: new (options: {
    oas?: unknown;
    asyncapi?: unknown;
  }) => { compare(pact: unknown): AsyncGenerator<OpcResult> };
}
const { Comparator } = opc as unknown as OpcModule;

interface OpcResult {
  code: string;
  message: string;
  type: FindingType;
  mockDetails?: { interactionDescription?: string | null; location: string; value: unknown };
  specDetails?: { location: string; pathMethod?: string | null; pathName?: string | null; value?: unknown };
  causes?: OpcResult[];
}

/** Values are stored with every verdict: keep small ones whole, summarise big ones (a whole operation, say). */
const MAX_VALUE_CHARS = 2000;
function bounded(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= MAX_VALUE_CHARS) return value;
  return `${text.slice(0, 200)}… (${text.length} characters, cut)`;
}

function toFinding(r: OpcResult, pact: Record<string, unknown>, documents: DocumentSet): Finding {
  const docRoot = r.code.startsWith('message.')
    ? (documents.asyncapi ?? documents.oas)
    : (documents.oas ?? documents.asyncapi);
  const index = interactionIndexOf(r.mockDetails?.location);
  const interactions = (pact.interactions ?? pact.messages) as Array<{ description?: unknown }> | undefined;
  const description = index !== undefined ? interactions?.[index]?.description : undefined;
  const finding: Finding = { code: r.code, type: r.type, message: r.message };
  if (index !== undefined) {
    finding.interaction = {
      index,
      description: typeof description === 'string' ? description : (r.mockDetails?.interactionDescription ?? ''),
    };
  }
  if (r.mockDetails) {
    finding.pactLocation = toJsonPath(r.mockDetails.location, pact);
    if (r.mockDetails.value !== undefined) finding.pactValue = bounded(r.mockDetails.value);
  }
  if (r.specDetails) {
    finding.documentLocation = toJsonPath(r.specDetails.location, docRoot);
    if (r.specDetails.pathMethod && r.specDetails.pathName) {
      finding.operation = { method: r.specDetails.pathMethod.toUpperCase(), path: r.specDetails.pathName };
    }
    if (r.specDetails.value !== undefined) finding.documentValue = bounded(r.specDetails.value);
  }
  if (r.causes?.length) finding.causes = r.causes.map((c) => toFinding(c, pact, documents));
  return finding;
}

export const opcEngine: ComparisonEngine = {
  info: OPC_INFO,
  compile(documents: DocumentSet): CompiledDocuments {
    // The engine rewrites the documents during its first compare; locations are resolved against
    // an untouched copy kept here so findings point at the text as uploaded.
    const pristine = structuredClone(documents);
    // Throws (ParserError) on a document it cannot read; the adapter reports that as 'unknown'.
    const comparator = new Comparator({ oas: documents.oas, asyncapi: documents.asyncapi });
    return {
      async compare(pact) {
        const findings: Finding[] = [];
        for await (const r of comparator.compare(pact)) findings.push(toFinding(r, pact, pristine));
        return findings;
      },
    };
  },
};
