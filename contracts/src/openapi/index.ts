/** contracts/openapi: reading provider documents and comparing pacts with them. */
export { loadOpenApi, type LoadedOpenApi, type OpenApiVersion } from './load.ts';
export { InputFileError, OpenApiDocumentError, type DocumentErrorKind } from './errors.ts';
export * from './comparator/index.ts';
