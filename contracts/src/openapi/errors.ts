/**
 * Errors raised while reading a provider's OpenAPI document. They extend ContractError, so the
 * broker's HTTP edge maps them to a 4xx exactly as it does for a malformed pact.
 */
import { ContractError, type Problem } from '../errors.ts';

/** Why a document was refused: lets callers (CLI exit codes, broker problem types) branch without parsing text. */
export type DocumentErrorKind = 'unparseable' | 'unsupported' | 'external-ref' | 'invalid' | 'too-many-paths';

export class OpenApiDocumentError extends ContractError {
  readonly kind: DocumentErrorKind;
  /**
   * The text is well-formed JSON or YAML that does not claim to be an OpenAPI document at all: not an object, or an
   * object with neither an `openapi` nor a `swagger` field (a placeholder such as `some: contract`). A broker may
   * store such content as given (PactFlow does) where it refuses a broken OpenAPI document.
   */
  readonly notOpenApi: boolean;
  constructor(kind: DocumentErrorKind, problems: Problem[], opts: { notOpenApi?: boolean } = {}) {
    super(problems);
    this.name = 'OpenApiDocumentError';
    this.kind = kind;
    this.notOpenApi = opts.notOpenApi ?? false;
  }
}

/** A file named on the command line that cannot be read or is not the JSON it should be. */
export class InputFileError extends ContractError {
  readonly file: string;
  constructor(file: string, message: string) {
    super([{ path: file, message }]);
    this.name = 'InputFileError';
    this.file = file;
  }
}
