/**
 * can-i-deploy and can-i-rollback latency over HTTP on a synthetic organisation loaded through the
 * store (issues 6 and 8): 100, 1,000 and 5,000 services with 5 integrations each on SQLite, and
 * 100 and 1,000 on PostgreSQL when ROLLGATE_TEST_DATABASE_URL is set.
 */
import { performance } from 'node:perf_hooks';
import { adapters, startTestBroker } from '../../test/support/test-broker.ts';
import { loadOrg, serviceName, type OrgShape } from './synthetic-org.ts';

export interface GateRow {
  adapter: string;
  services: number;
  integrations: number;
  question: string;
  coldMs: number;
  warmMedianMs: number;
  loadSeconds: number;
}

async function time(url: string): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
}

export async function run(options: { sizes?: number[]; versions?: number; print?: boolean } = {}): Promise<GateRow[]> {
  const rows: GateRow[] = [];
  for (const adapter of adapters()) {
    const sizes = options.sizes ?? (adapter === 'sqlite' ? [100, 1000, 5000] : [100, 1000]);
    for (const services of sizes) {
      const shape: OrgShape = { services, integrations: 5, versions: options.versions ?? 8 };
      const broker = await startTestBroker({ adapter, config: { precompute: false } });
      try {
        const started = performance.now();
        await loadOrg(broker.deps.store, shape);
        const loadSeconds = (performance.now() - started) / 1000;
        const questions: [string, string][] = [
          ['can-i-rollback: any subset', '/can-i-rollback?environment=production'],
          [
            'can-i-rollback: one set',
            `/can-i-rollback?environment=production&pacticipant=${serviceName(0)}&pacticipant=${serviceName(1)}`,
          ],
          [
            'can-i-deploy: a version to production',
            `/can-i-deploy?pacticipant=${serviceName(0)}&version=${shape.versions}.0.0&environment=production`,
          ],
        ];
        for (const [question, path] of questions) {
          const cold = await time(`${broker.url}${path}`);
          if (cold.status !== 200) throw new Error(`${path} answered ${cold.status}`);
          const warm: number[] = [];
          for (let i = 0; i < 5; i++) warm.push((await time(`${broker.url}${path}`)).ms);
          warm.sort((a, b) => a - b);
          rows.push({
            adapter,
            services,
            integrations: services * shape.integrations,
            question,
            coldMs: cold.ms,
            warmMedianMs: warm[2],
            loadSeconds,
          });
        }
      } finally {
        await broker.destroy();
      }
      if (options.print) console.table(rows.slice(-3));
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : undefined;
  await run({ sizes, print: true });
}
