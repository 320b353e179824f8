import { ContractError } from '../../../../contracts/src/errors.ts';
import { loadOpenApi, type LoadedOpenApi } from '../../../../contracts/src/openapi/load.ts';
import { ValidationError } from '../../errors.ts';
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
  const text = decodeUtf8(decodeBase64(content, at), at);
  try {
    return { text, loaded: await loadOpenApi(text, contentType) };
  } catch (e) {
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
