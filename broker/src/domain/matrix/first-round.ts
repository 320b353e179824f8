import { ValidationError } from '../../errors.ts';
import type { MatrixQuery } from '../../gate/matrix/types.ts';
import { message } from '../../messages.ts';
import { firstRound, type FirstRound } from '../../repositories/matrix-rounds.ts';
import type { Program } from '../../storage/sql.ts';

/**
 * The pacticipants and environments a query names must exist: a 400 otherwise, whose `errors` is a list of
 * messages naming them (a version need not exist). Read in the first round trip, with the versions the selectors
 * name and the consumers of each selected pacticipant (repositories/matrix-rounds.ts).
 */
export function* firstRoundOf(query: MatrixQuery, opts: { consumers?: boolean } = {}): Program<FirstRound> {
  const d = query.destination;
  const round = yield* firstRound({
    pacticipants: query.selectors.map((s) => s.pacticipant),
    environments: [
      ...query.selectors.flatMap((s) => (s.environment !== undefined ? [s.environment] : [])),
      ...(d.kind === 'environment' ? [d.environment] : []),
    ],
    versions: query.selectors.flatMap((s) =>
      s.version !== undefined ? [{ pacticipant: s.pacticipant, number: s.version }] : [],
    ),
    consumersOf: opts.consumers === false ? [] : query.selectors.map((s) => s.pacticipant),
  });
  const problems: { path: string; message: string }[] = [];
  for (const [i, s] of query.selectors.entries()) {
    if (!round.pacticipants.has(s.pacticipant))
      problems.push({
        path: `q[${i}].pacticipant`,
        message: message('pacticipant.not-found', { name: s.pacticipant }),
      });
    if (s.environment !== undefined && !round.environments.has(s.environment))
      problems.push({
        path: `q[${i}].environment`,
        message: message('environment.not-found', { name: s.environment }),
      });
  }
  if (d.kind === 'environment' && !round.environments.has(d.environment))
    problems.push({ path: 'environment', message: message('environment.not-found', { name: d.environment }) });
  // The Pact Broker lists these messages (`errors: ["Pacticipant Foo not found"]`); its clients print the list.
  if (problems.length) throw new ValidationError(problems, true);
  return round;
}
