/**
 * Swagger 2.0 -> OpenAPI 3.0 with swagger2openapi (the converter most tools use), so every engine and rule sees one
 * model. `resolve: false`: the document is already self-contained (external refs are refused), and nothing is fetched.
 */
import { convertObj } from 'swagger2openapi';
import type { OpenAPIV2 } from 'openapi-types';

export async function swagger2ToOpenApi3(document: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { openapi } = await convertObj(structuredClone(document) as unknown as OpenAPIV2.Document, {
    patch: true,
    warnOnly: true,
    resolve: false,
  });
  return openapi as unknown as Record<string, unknown>;
}
