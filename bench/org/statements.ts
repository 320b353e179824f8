/**
 * Statements per write (issue 15): a broker started in this process on the built organisation, its store's
 * `write` wrapped to count the SQL operations each request's transaction runs (keyed by the request id, so
 * background work is not counted), then a few publishes, verifications and deployments over HTTP. A write
 * costs the same at any history size when these counts are equal at 15,000 and 150,000 versions.
 */
import { pino } from 'pino';
import { startBroker } from '../../broker/src/server.ts';
import { contentRev, realPact, realProviders, serviceName } from '../gate/synthetic-org.ts';
import { observingStatements } from './observe-statements.ts';

type Row = Record<string, unknown>;

export async function countStatements(database: string, versions: number, services = 300): Promise<Row[]> {
  const broker = await startBroker(
    { port: 0, host: '127.0.0.1', database, logLevel: 'silent' },
    { logger: pino({ level: 'silent' }) },
  );
  const store = broker.deps.store;
  const counts = new Map<string, number>();
  store.write = observingStatements(store.write.bind(store), (id) => counts.set(id, (counts.get(id) ?? 0) + 1));
  const providers = realProviders({ services, versions });
  const rounds = Math.ceil(versions / services);
  const rows: Row[] = [];
  let n = 0;
  const call = async (op: string, method: string, path: string, body: unknown) => {
    const id = `count-${op}-${++n}`;
    const res = await fetch(`${broker.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/hal+json', 'x-request-id': id },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${op} answered ${res.status}`);
    return counts.get(id) ?? 0;
  };
  try {
    const per: Record<string, number[]> = { publish: [], verification: [], deployment: [] };
    for (let k = 0; k < 5; k++) {
      const c = 10 + k * 7;
      const version = `${rounds + 900_000 + k}.0.0`;
      const contracts = providers[c].map((p) => ({
        consumerName: serviceName(c),
        providerName: serviceName(p),
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(
          JSON.stringify(realPact(serviceName(c), serviceName(p), contentRev(c, p, rounds - 1))),
        ).toString('base64'),
      }));
      per.publish.push(
        await call('publish', 'POST', '/contracts/publish', {
          pacticipantName: serviceName(c),
          pacticipantVersionNumber: version,
          branch: 'main',
          contracts,
        }),
      );
      const p = providers[c][0];
      const { pactContentHash } = await import('../../contracts/src/pact/content-hash.ts');
      const { parsePact } = await import('../../contracts/src/pact/parse.ts');
      const sha = pactContentHash(parsePact(realPact(serviceName(c), serviceName(p), contentRev(c, p, rounds - 1))));
      per.verification.push(
        await call(
          'verification',
          'POST',
          `/pacts/provider/${serviceName(p)}/consumer/${serviceName(c)}/pact-version/${sha}/verification-results`,
          { success: true, providerApplicationVersion: `${rounds + 900_000 + k}.0.0`, providerVersionBranch: 'main' },
        ),
      );
      per.deployment.push(
        await call(
          'deployment',
          'POST',
          `/pacticipants/${serviceName(c)}/versions/${version}/deployed-versions/environment/c0ffee00-0000-4000-8000-000000000003`,
          {},
        ),
      );
    }
    for (const [op, xs] of Object.entries(per))
      rows.push({
        phase: 'statements per write',
        versions,
        operation: op,
        writes: xs.length,
        'statements min': Math.min(...xs),
        'statements max': Math.max(...xs),
        each: xs.join(' '),
      });
  } finally {
    await broker.close();
  }
  return rows;
}
