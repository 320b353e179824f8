/**
 * Server time of each browser page (issue 7) for an organisation of 200 services and 10,000 versions, loaded
 * through the store with the broker's own programs: 4 layers (30 front ends, 50 edge services, 80 domain
 * services, 40 platform services), each consumer with 5 providers in deeper layers (~800 integrations), 50
 * versions per service on main (every 10th also on a feature branch), a pact per consumer version and provider
 * (content changing every 5 versions), verifications of each provider version, and 5 deployments per service in
 * production and staging (a few integrations broken, a few unknown).
 * Timed over HTTP on loopback: the first request (cold: caches empty, graph layout computed) and the median and
 * worst of 15 warm requests. Goal: under 300 ms per page.
 * Run alone: `npx tsx bench/ui/pages.bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import { decodePact } from '../../broker/src/domain/pacts/decode.ts';
import { publishPacts } from '../../broker/src/domain/pacts/publish.ts';
import { publishVerification } from '../../broker/src/domain/verifications/publish.ts';
import { ensureVersionWithLabels } from '../../broker/src/domain/versions/ensure.ts';
import { recordDeployment } from '../../broker/src/repositories/deployments.ts';
import { findEnvironmentByName, insertEnvironment } from '../../broker/src/repositories/environments.ts';
import { findPacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { findVersion } from '../../broker/src/repositories/versions.ts';
import { seededRandom } from '../../test/support/seeded-random.ts';
import { startTestBroker, type TestBroker } from '../../test/support/test-broker.ts';

export type PageRow = {
  page: string;
  path: string;
  coldMs: number;
  warmMedianMs: number;
  warmMaxMs: number;
  kB: number;
  goal: string;
};

const LAYERS = [30, 50, 80, 40];
const VERSIONS = 50;
const PROVIDERS_EACH = 5;

export interface SyntheticOrg {
  services: string[];
  integrations: [consumer: string, provider: string][];
}

export function syntheticOrganisation(seed = 7): SyntheticOrg {
  const rnd = seededRandom(seed);
  const kinds = ['web', 'edge', 'domain', 'platform'];
  const layers: string[][] = LAYERS.map((n, l) =>
    Array.from({ length: n }, (_, i) => `${kinds[l]}-${String(i + 1).padStart(3, '0')}`),
  );
  const integrations: [string, string][] = [];
  layers.forEach((layer, l) => {
    if (l === layers.length - 1) return;
    for (const c of layer) {
      const chosen = new Set<string>();
      while (chosen.size < PROVIDERS_EACH) {
        const deeper = rnd() < 0.75 ? l + 1 : l + 1 + Math.floor(rnd() * (layers.length - l - 1));
        const pool = layers[Math.min(deeper, layers.length - 1)]!;
        chosen.add(pool[Math.floor(rnd() * pool.length)]!);
      }
      for (const p of chosen) integrations.push([c, p]);
    }
  });
  return { services: layers.flat(), integrations };
}

const version = (i: number) => `1.${Math.floor(i / 10)}.${i % 10}`;

function pactJson(consumer: string, provider: string, content: number) {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `a ${provider} resource`,
        providerStates: [{ name: 'it exists' }],
        request: { method: 'GET', path: `/${provider}/1` },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, rev: content } },
      },
      {
        description: `a list of ${provider} resources`,
        request: { method: 'GET', path: `/${provider}`, query: { page: ['1'] } },
        response: { status: 200, body: [{ id: 1 }] },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

export async function loadOrganisation(b: TestBroker, org = syntheticOrganisation()): Promise<void> {
  const { store, hooks } = b.deps;
  const rnd = seededRandom(11);
  await store.write(function* () {
    for (const [name, production] of [
      ['production', true],
      ['staging', false],
    ] as const) {
      if (!(yield* findEnvironmentByName(name))) yield* insertEnvironment(`env-${name}`, { name, production });
    }
  });
  const providersOf = new Map<string, string[]>();
  for (const [c, p] of org.integrations) providersOf.set(c, [...(providersOf.get(c) ?? []), p]);
  // Versions (and pacts) in creation order: build i of every service, then build i + 1.
  for (let i = 0; i < VERSIONS; i++) {
    await store.write(function* () {
      for (const s of org.services) {
        const branch = i % 10 === 9 ? 'feat/next' : 'main';
        const providers = providersOf.get(s) ?? [];
        if (!providers.length) {
          yield* ensureVersionWithLabels(s, version(i), { branch });
          continue;
        }
        const contracts = providers.map((p) => ({
          providerName: p,
          decoded: decodePact(pactJson(s, p, Math.floor(i / 5)), '$'),
        }));
        yield* publishPacts(hooks, { consumerName: s, versionNumber: version(i), branch, contracts }, false);
      }
    });
  }
  // Verifications: each provider version verifies the pact of the consumer version built with it and the one before.
  const broken = new Set(org.integrations.filter(() => rnd() < 0.02).map(([c, p]) => `${c}|${p}`));
  const unverified = new Set(org.integrations.filter(() => rnd() < 0.02).map(([c, p]) => `${c}|${p}`));
  for (let i = 0; i < VERSIONS; i++) {
    await store.write(function* () {
      for (const [c, p] of org.integrations) {
        for (const ci of [i, i - 1]) {
          if (ci < 0 || (unverified.has(`${c}|${p}`) && i >= VERSIONS - 2)) continue;
          const consumer = (yield* findPacticipant(c))!;
          const provider = (yield* findPacticipant(p))!;
          const cv = (yield* findVersion(consumer.id, version(ci)))!;
          const pub = (yield* publicationSha(cv.id, provider.id))!;
          const success = !(broken.has(`${c}|${p}`) && i === VERSIONS - 2 && ci === VERSIONS - 1);
          yield* publishVerification(hooks, {
            provider: p,
            consumer: c,
            sha: pub,
            providerVersion: version(i),
            success,
          });
        }
      }
    });
  }
  // Deployments: the last five versions, in order, in both environments.
  await store.write(function* () {
    for (const env of ['staging', 'production']) {
      const e = (yield* findEnvironmentByName(env))!;
      for (let i = VERSIONS - 5; i < VERSIONS; i++) {
        for (const s of org.services) {
          const p = (yield* findPacticipant(s))!;
          const v = (yield* findVersion(p.id, version(i)))!;
          yield* recordDeployment(v.id, p.id, e.id, '');
        }
      }
    }
  });
}

import { currentPublication } from '../../broker/src/repositories/pacts.ts';
function* publicationSha(consumerVersionId: number, providerId: number) {
  return (yield* currentPublication(consumerVersionId, providerId))?.sha;
}

async function time(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t, bytes: body.byteLength, status: res.status };
}

export async function run(options: { print?: boolean; warm?: number } = {}): Promise<PageRow[]> {
  const warm = options.warm ?? 15;
  const b = await startTestBroker({ config: { precompute: false } });
  try {
    const org = syntheticOrganisation();
    const t0 = performance.now();
    await loadOrganisation(b, org);
    const loadMs = performance.now() - t0;
    const [c, p] = org.integrations.find(([x]) => x.startsWith('edge'))!;
    const pages: [string, string][] = [
      ['Overview', '/ui/'],
      ['Overview at / (browser)', '/'],
      ['Service graph (production)', '/ui/graph?environment=production'],
      ['Service graph, one service in focus', `/ui/graph?environment=production&focus=${encodeURIComponent(p)}`],
      ['Environment (any-subset table)', '/ui/environments/production'],
      ['Environment with a what-if answered', `/ui/environments/production?pacticipant=${encodeURIComponent(c)}`],
      [
        'Compatibility matrix (10 × 10)',
        `/ui/matrix/provider/${encodeURIComponent(p)}/consumer/${encodeURIComponent(c)}`,
      ],
      [
        'Compatibility matrix (30 × 30, production)',
        `/ui/matrix/provider/${encodeURIComponent(p)}/consumer/${encodeURIComponent(c)}?limit=30&environment=production`,
      ],
      ['Pacticipant', `/ui/pacticipants/${encodeURIComponent(p)}`],
      [
        'Pact view',
        `/ui/pacts/provider/${encodeURIComponent(p)}/consumer/${encodeURIComponent(c)}/version/${version(VERSIONS - 1)}`,
      ],
      [
        'Pact diff',
        `/ui/pacts/provider/${encodeURIComponent(p)}/consumer/${encodeURIComponent(c)}/diff?from=${version(VERSIONS - 6)}&to=${version(VERSIONS - 1)}`,
      ],
    ];
    const rows: PageRow[] = [];
    for (const [page, path] of pages) {
      const cold = await time(b.url + path);
      if (cold.status !== 200) throw new Error(`${path} answered ${cold.status}`);
      const samples: number[] = [];
      for (let k = 0; k < warm; k++) samples.push((await time(b.url + path)).ms);
      samples.sort((x, y) => x - y);
      rows.push({
        page,
        path,
        coldMs: round(cold.ms),
        warmMedianMs: round(samples[Math.floor(samples.length / 2)]!),
        warmMaxMs: round(samples[samples.length - 1]!),
        kB: round(cold.bytes / 1024),
        goal: samples[Math.floor(samples.length / 2)]! < 300 ? 'met (< 300 ms)' : 'MISSED (>= 300 ms)',
      });
    }
    if (options.print) {
      console.log(
        `organisation: ${org.services.length} services, ${org.services.length * VERSIONS} versions, ${org.integrations.length} integrations, loaded in ${(loadMs / 1000).toFixed(1)} s\n`,
      );
      console.table(rows);
    }
    return rows;
  } finally {
    await b.destroy();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run({ print: true });
