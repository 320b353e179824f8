/**
 * A large organisation for the service graph's browser tests (issue 19): the scale issue's organisation builder
 * (`buildRealOrg`, bench/gate/synthetic-org.ts) with a few versions per service so it builds in seconds: services
 * svc-00000..., one hub (svc-00000) consumed by 67 of them, each consuming about 5 others, all live in
 * development, staging and production, every live pair verified. Then two of the hub's consumers move on in
 * production: svc-00001 9.0.0 with an unverified pact (unknown) and svc-00002 9.0.0 with a failed verification
 * (incompatible); their other integrations are no longer live there.
 */
import type { RealOrgCounts } from '../../bench/gate/synthetic-org.ts';
import { buildLargeWorld } from './large-world.ts';
import type { Adapter } from '../support/adapters.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import type { Program, SqlOp } from '../../broker/src/storage/sql.ts';

export async function largeWorldBroker(
  services: number,
  opts: { adapter?: Adapter; versionsEach?: number } = {},
): Promise<TestBroker & { counts: RealOrgCounts }> {
  const broker = await startTestBroker({ adapter: opts.adapter, config: { precompute: false } });
  const counts = await buildLargeWorld(broker, { services, versions: opts.versionsEach ?? 3 });
  const env = 'production';
  await broker.td
    .publishPact({ consumer: 'svc-00001', version: '9.0.0', provider: 'svc-00000' })
    .deploy({ pacticipant: 'svc-00001', version: '9.0.0', environment: env })
    .publishPact({
      consumer: 'svc-00002',
      version: '9.0.0',
      provider: 'svc-00000',
      pact: (b) => b.withInteraction({ description: 'a field the hub never had', path: '/resources/new' }),
    })
    .verify({
      consumer: 'svc-00002',
      version: '9.0.0',
      provider: 'svc-00000',
      providerVersion: '1.0.0',
      success: false,
    })
    .deploy({ pacticipant: 'svc-00002', version: '9.0.0', environment: env });
  return { ...broker, counts };
}

/** Runs a read program, counting the SQL statements it sends and the rows they return (what a page costs). */
export function* countingQueries<T>(program: Program<T>, counter: { queries: number; rows: number }): Program<T> {
  let step = program.next();
  while (!step.done) {
    const op: SqlOp = step.value;
    if (op.kind === 'all' || op.kind === 'get' || op.kind === 'run') counter.queries++;
    let answer: unknown;
    try {
      answer = yield op;
      if (Array.isArray(answer)) counter.rows += answer.length;
      else if (answer !== undefined && op.kind === 'get') counter.rows++;
    } catch (e) {
      step = program.throw(e);
      continue;
    }
    step = program.next(answer);
  }
  return step.value;
}
