import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';
import { recordDeployment } from '../../broker/src/repositories/deployments.ts';
import { findEnvironmentByName, insertEnvironment } from '../../broker/src/repositories/environments.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { addPublication, ensurePactVersion } from '../../broker/src/repositories/pacts.ts';
import { addVerification } from '../../broker/src/repositories/verifications.ts';
import { addBranchVersion, ensureVersion } from '../../broker/src/repositories/versions.ts';
import type { Store } from '../../broker/src/storage/port.ts';

export interface OrgShape {
  services: number;
  /** Providers each service consumes. */
  integrations: number;
  /** Versions each service goes through (one release train every ~2 months over 16 months: 8). */
  versions: number;
  /** Share of consumer/provider pairs whose newest versions are incompatible. */
  breakRate?: number;
}

const name = (i: number) => `svc-${String(i).padStart(5, '0')}`;
const rand = (seed: string) => createHash('sha1').update(seed).digest().readUInt32BE(0) / 0xffffffff;

/** Who consumes whom: service i consumes `integrations` others, spread so the graph has hubs and chains. */
export function providersOf(i: number, shape: OrgShape): number[] {
  const out = new Set<number>();
  for (let k = 0; out.size < Math.min(shape.integrations, shape.services - 1); k++) {
    const j = (i + 1 + Math.floor(rand(`${i}:${k}`) * (shape.services - 1))) % shape.services;
    if (j !== i) out.add(j);
  }
  return [...out];
}

function pactJson(consumer: string, provider: string, version: number) {
  // The content changes every other version, so identical content shares verifications as in real life.
  const rev = Math.floor(version / 2);
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `get ${provider} item`,
        providerStates: [{ name: 'an item exists' }],
        request: { method: 'GET', path: `/items/${rev}` },
        response: { status: 200, body: { id: 1, rev } },
      },
      {
        description: `list ${provider} items`,
        request: { method: 'GET', path: '/items', query: { page: ['1'] } },
        response: { status: 200, body: [{ id: 1 }] },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/**
 * Loads a synthetic organisation through the store: every service releases `versions` versions in
 * turn; each version publishes its pacts, providers verify the pacts of the consumers deployed beside
 * them, and each version is deployed to production (so every service has a current and a prior version).
 * Returns the counts loaded.
 */
export async function loadOrg(
  store: Store,
  shape: OrgShape,
): Promise<{ versions: number; publications: number; verifications: number; deployments: number }> {
  const counts = { versions: 0, publications: 0, verifications: 0, deployments: 0 };
  const envId = await store.write(function* () {
    const env =
      (yield* findEnvironmentByName('production')) ??
      (yield* insertEnvironment('c0ffee00-0000-4000-8000-000000000001', { name: 'production', production: true }));
    return env.id;
  });
  const ids = await store.write(function* () {
    const out: number[] = [];
    for (let i = 0; i < shape.services; i++) out.push((yield* ensurePacticipant(name(i))).id);
    return out;
  });
  const providers = ids.map((_, i) => providersOf(i, shape));
  const consumersOf: number[][] = ids.map(() => []);
  for (const [c, ps] of providers.entries()) for (const p of ps) consumersOf[p].push(c);
  const versionId: number[][] = ids.map(() => []);
  const pactVersion = new Map<string, number>(); // `${c}:${p}:${v}` -> pact version id
  const breakRate = shape.breakRate ?? 0.02;
  const chunk = 250;
  for (let v = 1; v <= shape.versions; v++) {
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let i = start; i < Math.min(shape.services, start + chunk); i++) {
          const { row } = yield* ensureVersion(ids[i], `${v}.0.0`);
          versionId[i][v] = row.id;
          yield* addBranchVersion(ids[i], row.id, 'main');
          counts.versions++;
          for (const p of providers[i]) {
            const json = pactJson(name(i), name(p), v);
            const pact = parsePact(json);
            const pv = yield* ensurePactVersion(
              ids[i],
              ids[p],
              pactContentHash(pact),
              JSON.stringify(json),
              '3',
              pact.interactions.length,
            );
            yield* addPublication(row.id, ids[i], ids[p], pv.id);
            pactVersion.set(`${i}:${p}:${v}`, pv.id);
            counts.publications++;
          }
        }
      });
    }
    // Verifications: each provider's new version verifies its consumers' current (v-1) and new (v) pacts;
    // each consumer's new pact is verified by its provider's previous version too.
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let p = start; p < Math.min(shape.services, start + chunk); p++) {
          for (const c of consumersOf[p]) {
            for (const [cv, pv] of [
              [v, v],
              [v - 1, v],
              [v, v - 1],
            ] as const) {
              if (cv < 1 || pv < 1) continue;
              const broken = cv === v && pv === v - 1 && rand(`break:${c}:${p}:${v}`) < breakRate;
              yield* addVerification({
                pactVersionId: pactVersion.get(`${c}:${p}:${cv}`)!,
                providerVersionId: versionId[p][pv],
                consumerId: ids[c],
                providerId: ids[p],
                success: !broken,
              });
              counts.verifications++;
            }
          }
        }
      });
    }
    for (let start = 0; start < shape.services; start += chunk) {
      await store.write(function* () {
        for (let i = start; i < Math.min(shape.services, start + chunk); i++) {
          yield* recordDeployment(versionId[i][v], ids[i], envId, '');
          counts.deployments++;
        }
      });
    }
  }
  return counts;
}

export { name as serviceName };

/**
 * The shape of a real organisation (issue 15), for `npm run bench -- org`: `services` services, each
 * consuming `integrations` others (one hub consumed by `hubConsumers`), `versions` versions in all
 * released round by round over 16 months; main plus a feature branch every 7th version, each version
 * tagged with its branch; pact content changing about every 10th version (CI republishes the same
 * content); the provider verifying each new content and, every 10th version, its consumers' latest
 * pacts; three environments (development every 5th main version, staging every 10th, production
 * every 20th); a fifth of the providers publishing an OpenAPI document every 10th version.
 */
export interface RealOrgShape {
  services: number;
  versions: number;
  integrations?: number;
  hubConsumers?: number;
  breakRate?: number;
  /**
   * Every how many services one publishes OpenAPI documents, counting from the hub (default 5: a fifth of them). A
   * test that needs the hub's documents but not the comparisons of 60 others (minutes of CPU) sets it to `services`.
   */
  openApiEvery?: number;
}

export const ENVIRONMENTS = [
  { name: 'development', production: false, every: 5 },
  { name: 'staging', production: false, every: 10 },
  { name: 'production', production: true, every: 20 },
] as const;

export const HUB = 0;

/** Providers of each service in the real shape: the hub first for services 1..hubConsumers. */
export function realProviders(shape: RealOrgShape): number[][] {
  const integrations = shape.integrations ?? 5;
  const hubConsumers = Math.min(shape.hubConsumers ?? 67, shape.services - 1);
  return Array.from({ length: shape.services }, (_, i) => {
    const out = new Set<number>();
    if (i >= 1 && i <= hubConsumers) out.add(HUB);
    for (let k = 0; out.size < Math.min(integrations, shape.services - 1); k++) {
      const j = (i + 1 + Math.floor(rand(`${i}:${k}`) * (shape.services - 1))) % shape.services;
      if (j !== i && j !== HUB) out.add(j);
    }
    return [...out];
  });
}

export const branchOf = (round: number) => (round % 7 === 3 ? `feat-${round}` : 'main');
export const versionNumber = (round: number) => `${round + 1}.0.0`;
/** The round from which content of pair c->p is current (changes about every 10th version, spread per pair). */
export const contentRev = (c: number, p: number, round: number) =>
  Math.floor((round + Math.floor(rand(`off:${c}:${p}`) * 10)) / 10);
const deploysTo = (env: (typeof ENVIRONMENTS)[number], round: number) =>
  branchOf(round) === 'main' && round % env.every === 0;

export function realPact(consumer: string, provider: string, rev: number) {
  const n = 3 + (rev % 4);
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: n }, (_, k) => ({
      description: `${consumer} reads ${provider} resource ${k}`,
      providerStates: [{ name: `resource ${k} exists`, params: { id: k } }],
      request: { method: 'GET', path: `/resources/${k}`, headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: k, name: `resource ${k}`, revision: rev, tags: ['a', 'b'], owner: { id: 1, name: 'team' } },
        matchingRules: { body: { '$.name': { matchers: [{ match: 'type' }] } } },
      },
    })),
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

function realOpenApi(provider: string, rev: number) {
  const paths: Record<string, unknown> = {};
  for (let k = 0; k < 8; k++)
    paths[`/resources/${k}`] = {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { id: { type: 'integer' }, name: { type: 'string' }, revision: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    };
  return { openapi: '3.0.3', info: { title: provider, version: String(rev) }, paths };
}

export interface RealOrgCounts {
  services: number;
  integrations: number;
  versions: number;
  publications: number;
  pactVersions: number;
  verifications: number;
  deployments: number;
  tags: number;
  branches: number;
  openapi: number;
  seconds: number;
}

/**
 * Builds the organisation into an empty database through the store, with multi-row inserts (see
 * bench/org/bulk.ts). `progress` is told the rounds done.
 */
export async function buildRealOrg(
  store: Store,
  shape: RealOrgShape,
  progress?: (round: number, rounds: number) => void,
): Promise<RealOrgCounts> {
  const started = performance.now();
  const { BulkWriter } = await import('../org/bulk.ts');
  const { all } = await import('../../broker/src/storage/sql.ts');
  const existing = await store.read(function* () {
    return yield* all<{ n: number }>('SELECT COUNT(*) AS n FROM versions');
  });
  if (existing[0].n > 0) throw new Error('the organisation builder needs an empty database');
  const bulk = new BulkWriter(store);
  const S = shape.services;
  const rounds = Math.ceil(shape.versions / S);
  const breakRate = shape.breakRate ?? 0.02;
  const providers = realProviders(shape);
  const consumersOf: number[][] = providers.map(() => []);
  for (const [c, ps] of providers.entries()) for (const p of ps) consumersOf[p].push(c);
  const spanMs = 16 * 30 * 24 * 3600 * 1000;
  const t0 = Date.now() - spanMs - 3600_000;
  const at = (round: number, step: number) => new Date(t0 + (round * spanMs) / rounds + step * 1000).toISOString();

  const first = at(0, 0);
  for (let i = 0; i < S; i++)
    await bulk.add(
      'pacticipants',
      ['id', 'name', 'main_branch', 'created_at', 'updated_at'],
      [bulk.nextId('pacticipants'), name(i), 'main', first, first],
    );
  for (const [k, env] of ENVIRONMENTS.entries())
    await bulk.add(
      'environments',
      ['id', 'uuid', 'name', 'production', 'created_at', 'updated_at'],
      [
        bulk.nextId('environments'),
        `c0ffee00-0000-4000-8000-00000000000${k + 1}`,
        env.name,
        env.production ? 1 : 0,
        first,
        first,
      ],
    );
  const pid = (i: number) => i + 1;
  const envId = (k: number) => k + 1;
  const branchId = new Map<string, number>(); // `${i}:${branch}`
  const versionId: Int32Array[] = Array.from({ length: S }, () => new Int32Array(rounds));
  const pactVersion = new Map<string, number>(); // `${c}:${p}:${rev}`
  const latestMainPact = new Map<string, number>(); // `${c}:${p}` -> pact version id of the consumer's latest main version
  // The open deployment of (service, env): its row is written when the next one replaces it, or at the end.
  const openDeployment = new Map<string, { id: number; version: number; at: string }>();
  let deployments = 0;
  let verifications = 0;
  let openapi = 0;
  const writeDeployment = async (key: string, undeployedAt: string | null) => {
    const d = openDeployment.get(key)!;
    const [i, k] = key.split(':').map(Number);
    await bulk.add(
      'deployed_versions',
      [
        'id',
        'uuid',
        'version_id',
        'pacticipant_id',
        'environment_id',
        'application_instance',
        'undeployed_at',
        'created_at',
      ],
      [
        d.id,
        `d0000000-0000-4000-8000-${String(d.id).padStart(12, '0')}`,
        d.version,
        pid(i),
        envId(k),
        '',
        undeployedAt,
        d.at,
      ],
    );
  };
  const verify = async (
    pactVersionId: number,
    c: number,
    p: number,
    providerVersion: number,
    success: boolean,
    when: string,
  ) => {
    verifications++;
    await bulk.add(
      'verifications',
      [
        'id',
        'pact_version_id',
        'provider_version_id',
        'consumer_id',
        'provider_id',
        'success',
        'verified_by',
        'created_at',
      ],
      [
        bulk.nextId('verifications'),
        pactVersionId,
        providerVersion,
        pid(c),
        pid(p),
        success ? 1 : 0,
        '{"implementation":"Pact-JS"}',
        when,
      ],
    );
  };

  for (let r = 0; r < rounds; r++) {
    const branch = branchOf(r);
    const newContent: [number, number, number][] = []; // consumer, provider, pact version id
    for (let i = 0; i < S; i++) {
      if (r * S + i >= shape.versions) break;
      const when = at(r, i % 60);
      const vid = bulk.nextId('versions');
      versionId[i][r] = vid;
      await bulk.add(
        'versions',
        ['id', 'pacticipant_id', 'number', 'created_at', 'updated_at'],
        [vid, pid(i), versionNumber(r), when, when],
      );
      let bid = branchId.get(`${i}:${branch}`);
      if (bid === undefined) {
        bid = bulk.nextId('branches');
        branchId.set(`${i}:${branch}`, bid);
        await bulk.add('branches', ['id', 'pacticipant_id', 'name', 'created_at'], [bid, pid(i), branch, when]);
      }
      await bulk.add(
        'branch_versions',
        ['id', 'branch_id', 'version_id', 'created_at'],
        [bulk.nextId('branch_versions'), bid, vid, when],
      );
      await bulk.add('tags', ['id', 'version_id', 'name', 'created_at'], [bulk.nextId('tags'), vid, branch, when]);
      for (const p of providers[i]) {
        const rev = contentRev(i, p, r);
        const key = `${i}:${p}:${rev}`;
        let pv = pactVersion.get(key);
        if (pv === undefined) {
          const json = realPact(name(i), name(p), rev);
          const pact = parsePact(json);
          pv = bulk.nextId('pact_versions');
          pactVersion.set(key, pv);
          await bulk.add(
            'pact_versions',
            ['id', 'consumer_id', 'provider_id', 'sha', 'content', 'spec_version', 'interaction_count', 'created_at'],
            [pv, pid(i), pid(p), pactContentHash(pact), JSON.stringify(json), '3', pact.interactions.length, when],
          );
          newContent.push([i, p, pv]);
        }
        if (branch === 'main') latestMainPact.set(`${i}:${p}`, pv);
        await bulk.add(
          'pact_publications',
          ['id', 'consumer_version_id', 'consumer_id', 'provider_id', 'pact_version_id', 'revision', 'created_at'],
          [bulk.nextId('pact_publications'), vid, pid(i), pid(p), pv, 1, when],
        );
      }
      if (i % (shape.openApiEvery ?? 5) === 0 && consumersOf[i].length && r % 10 === 0) {
        const doc = realOpenApi(name(i), Math.floor(r / 10));
        const text = JSON.stringify(doc);
        openapi++;
        await bulk.add(
          'provider_contracts',
          [
            'id',
            'provider_id',
            'provider_version_id',
            'content_sha',
            'content',
            'content_type',
            'specification',
            'document',
            'self_verification',
            'created_at',
          ],
          [
            bulk.nextId('provider_contracts'),
            pid(i),
            vid,
            createHash('sha256').update(text).digest('hex'),
            text,
            'application/json',
            'oas 3.0.3',
            text,
            '{"success":true}',
            when,
          ],
        );
      }
    }
    // The provider's version of this round verifies each new content (the contract_content_changed webhook).
    for (const [c, p, pv] of newContent) {
      const provider = versionId[p][r] || versionId[p][Math.max(0, r - 1)];
      if (!provider) continue;
      await verify(pv, c, p, provider, rand(`break:${c}:${p}:${r}`) >= breakRate, at(r, 61));
    }
    // Every 10th round each provider's main build verifies its consumers' latest main pacts.
    if (r % 10 === 0 && branch === 'main')
      for (let p = 0; p < S; p++) {
        if (!versionId[p][r]) continue;
        for (const c of consumersOf[p]) {
          const pv = latestMainPact.get(`${c}:${p}`);
          if (pv !== undefined) await verify(pv, c, p, versionId[p][r], true, at(r, 62));
        }
      }
    for (const [k, env] of ENVIRONMENTS.entries()) {
      if (!deploysTo(env, r)) continue;
      const when = at(r, 63 + k);
      for (let i = 0; i < S; i++) {
        if (!versionId[i][r]) continue;
        const key = `${i}:${k}`;
        if (openDeployment.has(key)) await writeDeployment(key, when);
        openDeployment.set(key, { id: bulk.nextId('deployed_versions'), version: versionId[i][r], at: when });
        deployments++;
      }
    }
    progress?.(r + 1, rounds);
  }
  for (const key of [...openDeployment.keys()].sort((a, b) => openDeployment.get(a)!.id - openDeployment.get(b)!.id))
    await writeDeployment(key, null);
  await bulk.finish();
  return {
    services: S,
    integrations: providers.reduce((n, ps) => n + ps.length, 0),
    versions: bulk.counts.versions ?? 0,
    publications: bulk.counts.pact_publications ?? 0,
    pactVersions: bulk.counts.pact_versions ?? 0,
    verifications,
    deployments,
    tags: bulk.counts.tags ?? 0,
    branches: bulk.counts.branches ?? 0,
    openapi,
    seconds: (performance.now() - started) / 1000,
  };
}
