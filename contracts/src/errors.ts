/**
 * Errors raised by contracts/: a contract that cannot be used as given.
 * The broker maps these to 400 responses once, at its HTTP edge.
 */
export interface Problem {
  /** Where in the input: a JSON path such as `$.interactions[2].request.method`. */
  path: string;
  message: string;
}

export class ContractError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'ContractError';
    this.problems = problems;
  }
}
