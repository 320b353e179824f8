/**
 * The core of `rollgate compare --pact <file> --openapi <file>`: read both files, refuse what is
 * unusable (throws a ContractError: exit code 2), compare on this thread, and render the report.
 * Nothing here prints or exits; the CLI does.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { compare } from '../openapi/comparator/in-process.ts';
import type { Verdict } from '../openapi/comparator/types.ts';
import { InputFileError } from '../openapi/errors.ts';
import { loadOpenApi } from '../openapi/load.ts';
import { loadMessage } from '../openapi/messages.ts';
import { parsePact } from '../pact/parse.ts';
import { FORMATTERS, type OutputFormat } from './formatters.ts';
import { buildReport, type ComparisonReport } from './report.ts';
import { SourceMap } from './source-map.ts';

export interface CompareFilesOptions {
  output?: OutputFormat;
}

export interface CompareFilesResult {
  verdict: Verdict;
  /** The rendered report, in the requested format. */
  text: string;
  report: ComparisonReport;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(
      file,
      loadMessage('file.unreadable', { detail: (err as NodeJS.ErrnoException).code ?? String(err) }),
    );
  }
}

const contentTypeOf = (file: string) => {
  const ext = extname(file).toLowerCase();
  return ext === '.json' ? 'application/json' : ext === '.yaml' || ext === '.yml' ? 'application/yaml' : undefined;
};

export async function compareFiles(
  pactPath: string,
  openapiPath: string,
  options: CompareFilesOptions = {},
): Promise<CompareFilesResult> {
  const [pactText, documentText] = await Promise.all([readText(pactPath), readText(openapiPath)]);
  let pactJson: unknown;
  try {
    pactJson = JSON.parse(pactText);
  } catch (err) {
    throw new InputFileError(pactPath, loadMessage('file.pact-json-syntax', { detail: (err as Error).message }));
  }
  const pact = parsePact(pactJson);
  const loaded = await loadOpenApi(documentText, contentTypeOf(openapiPath));
  const verdict = await compare(pactJson, loaded.document, { documentHash: loaded.contentHash });
  const report = buildReport(
    verdict,
    { file: pactPath, model: pact, source: new SourceMap(pactText) },
    { file: openapiPath, loaded, source: new SourceMap(documentText) },
  );
  return { verdict, report, text: FORMATTERS[options.output ?? 'text'](report) };
}
