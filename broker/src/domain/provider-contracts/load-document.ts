import { ContractError } from '../../../../contracts/src/errors.ts';
import { OpenApiDocumentError } from '../../../../contracts/src/openapi/errors.ts';
import { loadOpenApi, type LoadedOpenApi } from '../../../../contracts/src/openapi/load.ts';
import { requestLimits } from '../../context/request-context.ts';
import { PayloadTooLargeError, ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { decodeBase64, decodeUtf8 } from '../pacts/decode.ts';

/**
 * Decodes (base64, UTF-8) and parses an OpenAPI document before anything is written; parser problems
 * come back as a 400 whose paths start at `at` (the field that held the document).
 */
export async function loadDocument(
  content: string,
  contentType: string,
  at: string,
): Promise<{ text: string; loaded: LoadedOpenApi }> {
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
    if (e instanceof ContractError)
      throw new ValidationError(
        e.problems.map((p) => ({
          path: `${at}${p.path === '$' ? '' : p.path.replace(/^\$/, '')}`,
          message: p.message,
        })),
      );
    throw e;
  }
}
