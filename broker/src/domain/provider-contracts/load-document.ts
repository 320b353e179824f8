import { ContractError } from '../../../../contracts/src/errors.ts';
import { OpenApiDocumentError } from '../../../../contracts/src/openapi/errors.ts';
import { loadOpenApi, type LoadedOpenApi } from '../../../../contracts/src/openapi/load.ts';
import { sha256 } from '../../../../contracts/src/pact/content-hash.ts';
import { requestLimits } from '../../context/request-context.ts';
import { PayloadTooLargeError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { decodeBase64, decodeUtf8 } from '../pacts/decode.ts';

/**
 * A provider contract that is well-formed JSON or YAML but not an OpenAPI document (PactFlow's clients publish the
 * placeholder `some: contract`): stored as given, as PactFlow does, and never evidence. `why` is the parser's
 * problem at its path; `contentHash` is the SHA-256 of the text as sent.
 */
export interface UnreadableDocument {
  why: string;
  contentHash: string;
}

/**
 * Decodes (base64, UTF-8) and parses an OpenAPI document before anything is written; parser problems
 * come back as a 400 whose paths start at `at` (the field that held the document). A document that claims to be
 * OpenAPI (`openapi` or `swagger`) must be a valid one, and text that is not the JSON or YAML it says it is is
 * refused; well-formed content that is no OpenAPI document at all comes back `unreadable` (stored, not compared).
 */
export async function loadDocument(
  content: string,
  contentType: string,
  at: string,
): Promise<
  { text: string; loaded: LoadedOpenApi; unreadable?: undefined } | { text: string; unreadable: UnreadableDocument }
> {
  const limits = requestLimits();
  const bytes = decodeBase64(content, at);
  if (bytes.length > limits.maxOpenApiBytes)
    throw new PayloadTooLargeError(
      message('openapi.too-large', { at, size: bytes.length, max: limits.maxOpenApiBytes }),
    );
  const text = decodeUtf8(bytes, at);
  try {
    return { text, loaded: await loadOpenApi(text, contentType, { maxPaths: limits.maxOpenApiPaths }) };
  } catch (e) {
    if (e instanceof OpenApiDocumentError && e.kind === 'too-many-paths')
      throw new PayloadTooLargeError(
        message('openapi.too-many-paths', { at, detail: e.problems[0]?.message, max: limits.maxOpenApiPaths }),
      );
    const problems =
      e instanceof ContractError
        ? e.problems.map((p) => ({
            path: `${at}${p.path === '$' ? '' : p.path.replace(/^\$/, '')}`,
            message: p.message,
          }))
        : [];
    if (e instanceof OpenApiDocumentError && e.notOpenApi)
      return {
        text,
        unreadable: { why: problems.map((p) => `${p.path}: ${p.message}`).join('; '), contentHash: sha256(text) },
      };
    if (e instanceof ContractError) throw new ValidationError(problems);
    throw e;
  }
}
