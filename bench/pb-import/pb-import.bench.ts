/**
 * `rollgate import --from-pact-broker` against a local broker holding 10,000 versions (BENCH_VERSIONS to change):
 * a rollgate serving the Pact Broker API on SQLite is the source (no Pact Broker runs here; rollgate's version
 * listing is short, so the import also reads each version: one request more per version than from a Pact Broker).
 * History: 10 consumers and 10 providers with the same number of versions each; each consumer version publishes a
 * pact with one provider (new content every 5th version), each pact content verified by two provider versions, every
 * 10th version deployed to one of two environments. Measures the first import and the resumed second run, into SQLite.
 * Run alone: `npx tsx bench/pb-import/pb-import.bench.ts`.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { importFromPactBroker } from '../../broker/src/pb-import/run.ts';
import { freshDatabaseLocation, startTestBroker } from '../../test/support/test-broker.ts';

export async function run(opts: { print?: boolean } = {}) {
  const total = Number(process.env.BENCH_VERSIONS ?? 10_000);
  const perPacticipant = Math.ceil(total / 20);
  const source = await startTestBroker({ config: { precompute: false } });
  const dest = await freshDatabaseLocation('sqlite');
  const rows: Record<string, unknown>[] = [];
  try {
    const started = Date.now();
    const td = source.td.environment('production').environment('staging');
    for (let i = 0; i < perPacticipant; i++) {
      for (let c = 0; c < 10; c++) {
        const consumer = `consumer-${c}`;
        const provider = `provider-${c}`;
        const version = `1.0.${i}`;
        td.publishPact({
          consumer,
          version,
          provider,
          branch: 'main',
          tags: i % 50 === 0 ? ['release'] : undefined,
          pact: (p) => p.withInteraction({ path: `/things/${Math.floor(i / 5)}` }),
        });
        td.version({ pacticipant: provider, version, branch: 'main' });
        if (i % 5 === 4) {
          td.verify({ consumer, version, provider, providerVersion: version, success: true });
          if (i > 5) td.verify({ consumer, version, provider, providerVersion: `1.0.${i - 5}`, success: i % 3 !== 0 });
        }
        if (i % 10 === 9) {
          const environment = i % 20 === 9 ? 'production' : 'staging';
          td.deploy({ pacticipant: provider, version, environment });
          td.deploy({ pacticipant: consumer, version, environment });
        }
      }
    }
    await td;
    const populated = (Date.now() - started) / 1000;
    for (const pass of ['first import', 'second run (resume)']) {
      const load = loadavg()[0]!.toFixed(2);
      const s = await importFromPactBroker({ database: dest.location, baseUrl: source.url });
      const requests = Object.values(s.requests).reduce((a, b) => a + b, 0);
      const row = {
        run: pass,
        versions: s.counts.version.added + s.counts.version.existing,
        added: Object.values(s.counts).reduce((a, c) => a + c.added, 0),
        pacts: s.counts.pactPublication.added + s.counts.pactPublication.existing,
        verifications: s.counts.verification.added + s.counts.verification.existing,
        deployments: s.counts.deployedVersion.added + s.counts.deployedVersion.existing,
        requests,
        'requests by kind': Object.entries(s.requests)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
        seconds: s.seconds,
        'versions/min': Math.round((s.counts.version.added + s.counts.version.existing) / (s.seconds / 60)),
        'load avg (1 min) at start': `${load} (${cpus().length} CPUs)`,
        note: `source populated in ${populated.toFixed(0)} s`,
      };
      rows.push(row);
      if (opts.print) console.log(row);
    }
  } finally {
    await source.destroy();
    await dest.drop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run({ print: true });
  process.exit(0);
}
