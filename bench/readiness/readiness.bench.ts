/**
 * Rollback readiness (issue 10) on a synthetic organisation loaded through the store: 100 services with
 * 5 integrations each and a few months of history (8 release rounds) in which provider builds verify the
 * way the Pact Broker's selectors do (each consumer's latest pact and its deployed pact), and nothing else.
 * Then one more round: every service in turn publishes, builds (verifying as above) and is deployed, and
 * after each deployment rollgate's readiness computes the rollback pairs without evidence and requests
 * their verification (contract_requiring_verification_published to a webhook).
 *
 * Rows: the share of single-service rollback pairs in production with evidence before the round, after
 * the round before the requests are answered, and after they are answered (a provider pipeline publishing
 * a result for each request); and the verification requests per deployment.
 * Run alone: `npx tsx bench/readiness/readiness.bench.ts`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pactContentHash } from '../../contracts/src/pact/content-hash.ts';
import { parsePact } from '../../contracts/src/pact/parse.ts';
import { configFromEnv } from '../../broker/src/config.ts';
import { gatherRollbackWorld } from '../../broker/src/domain/rollback/gather.ts';
import { canIRollbackSet } from '../../broker/src/gate/rollback/index.ts';
import { recordDeployment } from '../../broker/src/repositories/deployments.ts';
import { findEnvironmentByName, insertEnvironment } from '../../broker/src/repositories/environments.ts';
import { ensurePacticipant } from '../../broker/src/repositories/pacticipants.ts';
import { addPublication, ensurePactVersion } from '../../broker/src/repositories/pacts.ts';
import { addVerification } from '../../broker/src/repositories/verifications.ts';
import { addBranchVersion, ensureVersion } from '../../broker/src/repositories/versions.ts';
import { openStore } from '../../broker/src/storage/open-store.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { all } from '../../broker/src/storage/sql.ts';
import { readinessWorld, requestVerifications, unknownRollbackPairs } from '../../broker/src/webhooks/readiness.ts';
import { saveWebhook } from '../../broker/src/webhooks/repository.ts';
import { triggerSettings } from '../../broker/src/webhooks/runtime.ts';

export interface ReadinessRow {
  moment: string;
  services: number;
  integrations: number;
  rollbackPairs: number;
  withEvidencePct: number;
  providerRollbackPct: number;
  consumerRollbackPct: number;
  requestsPerDeployment?: string;
}

const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
const rand = (seed: string) => createHash('sha1').update(seed).digest().readUInt32BE(0) / 0xffffffff;

function providersOf(i: number, services: number, k: number): number[] {
  const out = new Set<number>();
  for (let n = 0; out.size < Math.min(k, services - 1); n++) {
    const j = Math.floor(rand(`${i}:${n}`) * services);
    if (j !== i) out.add(j);
  }
  return [...out];
}

function pactJson(consumer: string, provider: string, version: number) {
  // The content changes at most versions (70%), so some consumer versions share verified content.
  const rev = rand(`content:${consumer}:${provider}:${version}`) < 0.7 ? version : version - 1;
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `get ${provider} item`,
        request: { method: 'GET', path: `/items/${rev}` },
        response: { status: 200, body: { id: 1, rev } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

interface Org {
  ids: number[];
  envId: number;
  providers: number[][];
  consumers: number[][];
  versionId: number[][];
  pactVersion: Map<string, number>;
  deployed: number[];
  latest: number[];
}

/** One service's build: new version, its pacts, its provider-side verifications (the Pact Broker's selectors), and optionally its deployment. */
function* build(org: Org, i: number, v: number) {
  const { row } = yield* ensureVersion(org.ids[i], `${v}.0.0`);
  org.versionId[i][v] = row.id;
  org.latest[i] = v;
  yield* addBranchVersion(org.ids[i], row.id, 'main');
  for (const p of org.providers[i]) {
    const json = pactJson(name(i), name(p), v);
    const pact = parsePact(json);
    const pv = yield* ensurePactVersion(
      org.ids[i],
      org.ids[p],
      pactContentHash(pact),
      JSON.stringify(json),
      '3',
      pact.interactions.length,
    );
    yield* addPublication(row.id, org.ids[i], org.ids[p], pv.id);
    org.pactVersion.set(`${i}:${p}:${v}`, pv.id);
  }
  // As a provider: verify each consumer's latest (main) pact and its deployed pact.
  for (const c of org.consumers[i]) {
    for (const cv of new Set([org.latest[c], org.deployed[c]])) {
      const pactVersionId = org.pactVersion.get(`${c}:${i}:${cv}`);
      if (cv > 0 && pactVersionId)
        yield* addVerification({
          pactVersionId,
          providerVersionId: row.id,
          consumerId: org.ids[c],
          providerId: org.ids[i],
          success: true,
        });
    }
  }
}

/** The provider pipelines: a (passing) verification for every request not answered yet. Returns how many ran. */
async function answerRequests(store: Store): Promise<number> {
  const open = await store.read(() =>
    all<{ pact_version_id: number; provider_version_id: number; consumer_id: number; provider_id: number }>(
      `SELECT vr.pact_version_id, vr.provider_version_id, pv.consumer_id, pv.provider_id FROM verification_requests vr JOIN pact_versions pv ON pv.id = vr.pact_version_id
     WHERE NOT EXISTS (SELECT 1 FROM verifications v WHERE v.pact_version_id = vr.pact_version_id AND v.provider_version_id = vr.provider_version_id)`,
    ),
  );
  await store.write(function* () {
    for (const r of open)
      yield* addVerification({
        pactVersionId: r.pact_version_id,
        providerVersionId: r.provider_version_id,
        consumerId: r.consumer_id,
        providerId: r.provider_id,
        success: true,
      });
  });
  return open.length;
}

async function coverage(store: Store, services: number) {
  const world = await store.read(() => gatherRollbackWorld({ environment: 'production' }));
  let pairs = 0,
    evidence = 0,
    prb = 0,
    prbE = 0,
    crb = 0,
    crbE = 0;
  for (let i = 0; i < services; i++) {
    const answer = canIRollbackSet(world, { targets: [{ pacticipant: name(i) }] });
    for (const p of answer.pairs) {
      const has = p.evidence !== 'none';
      pairs++;
      if (has) evidence++;
      if (p.provider.name === name(i)) {
        prb++;
        if (has) prbE++;
      } else {
        crb++;
        if (has) crbE++;
      }
    }
  }
  const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0);
  return {
    rollbackPairs: pairs,
    withEvidencePct: pct(evidence, pairs),
    providerRollbackPct: pct(prbE, prb),
    consumerRollbackPct: pct(crbE, crb),
  };
}

export async function run(
  options: { services?: number; integrations?: number; history?: number; print?: boolean } = {},
): Promise<ReadinessRow[]> {
  const services = options.services ?? 100;
  const k = options.integrations ?? 5;
  const history = options.history ?? 8;
  const sampleEvery = Math.max(1, Math.floor(services / 25));
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-readiness-'));
  const store = await openStore(join(dir, 'bench.db'));
  const settings = triggerSettings(configFromEnv({}));
  try {
    const envId = await store.write(function* () {
      return (
        (yield* findEnvironmentByName('production')) ??
        (yield* insertEnvironment('c0ffee00-0000-4000-8000-0000000000aa', { name: 'production', production: true }))
      ).id;
    });
    const ids = await store.write(function* () {
      const out: number[] = [];
      for (let i = 0; i < services; i++) out.push((yield* ensurePacticipant(name(i))).id);
      yield* saveWebhook('readiness-bench', {
        description: 'provider pipelines',
        consumer: null,
        provider: null,
        enabled: true,
        events: ['contract_requiring_verification_published'],
        request: { method: 'POST', url: 'https://ci.example/build', headers: {} },
      });
      return out;
    });
    const providers = ids.map((_, i) => providersOf(i, services, k));
    const consumers: number[][] = ids.map(() => []);
    for (const [c, ps] of providers.entries()) for (const p of ps) consumers[p].push(c);
    const org: Org = {
      ids,
      envId,
      providers,
      consumers,
      versionId: ids.map(() => []),
      pactVersion: new Map(),
      deployed: ids.map(() => 0),
      latest: ids.map(() => 0),
    };
    const integrations = providers.reduce((n, ps) => n + ps.length, 0);

    // History: `history` rounds; in each, every service builds and is deployed (about 80% of builds).
    for (let v = 1; v <= history; v++) {
      for (let i = 0; i < services; i++) {
        await store.write(function* () {
          yield* build(org, i, v);
          if (v === 1 || rand(`deploy:${i}:${v}`) < 0.8) {
            yield* recordDeployment(org.versionId[i][v], ids[i], envId, '');
            org.deployed[i] = v;
          }
        });
      }
    }
    const rows: ReadinessRow[] = [];
    rows.push({
      moment: `before the round: Pact Broker-style verification only (${history} rounds of history)`,
      services,
      integrations,
      ...(await coverage(store, services)),
    });

    // The measured round: every service builds and is deployed; after each deployment, readiness requests
    // the verifications its rollback pairs lack, and the provider pipelines answer them (each passes here)
    // before the next deployment. Coverage is sampled right after each deployment, before its answers.
    const v = history + 1;
    const perDeployment: number[] = [];
    const samples: Awaited<ReturnType<typeof coverage>>[] = [];
    let readinessMs = 0;
    let answered = 0;
    for (let i = 0; i < services; i++) {
      const deployed = await store.write(function* () {
        yield* build(org, i, v);
        org.deployed[i] = v;
        return yield* recordDeployment(org.versionId[i][v], ids[i], envId, '');
      });
      const started = performance.now();
      const job = { deployedVersionUuid: deployed.row.uuid, environmentId: envId, pacticipantId: ids[i] };
      const found = (await store.read(() => readinessWorld(job)))!;
      const pairs = unknownRollbackPairs(found.world, found.pacticipant);
      perDeployment.push(await store.write(() => requestVerifications(settings, job, pairs)));
      readinessMs += performance.now() - started;
      if (i % sampleEvery === 0) samples.push(await coverage(store, services));
      answered += await answerRequests(store);
    }
    const total = perDeployment.reduce((a, b) => a + b, 0);
    const sorted = [...perDeployment].sort((a, b) => a - b);
    const mean = (f: (c: (typeof samples)[number]) => number) =>
      Math.round((10 * samples.reduce((a, c) => a + f(c), 0)) / samples.length) / 10;
    rows.push({
      moment: 'right after each deployment of a new round, before its requests are answered (mean of samples)',
      services,
      integrations,
      rollbackPairs: samples[0].rollbackPairs,
      withEvidencePct: mean((c) => c.withEvidencePct),
      providerRollbackPct: mean((c) => c.providerRollbackPct),
      consumerRollbackPct: mean((c) => c.consumerRollbackPct),
      requestsPerDeployment: `mean ${(total / services).toFixed(2)}, median ${sorted[Math.floor(services / 2)]}, max ${sorted[services - 1]}, total ${total}; readiness ${(readinessMs / services).toFixed(0)} ms per deployment`,
    });
    rows.push({
      moment: 'after the round, every request answered',
      services,
      integrations,
      ...(await coverage(store, services)),
      requestsPerDeployment: `${answered} verifications run`,
    });
    if (options.print !== false) console.table(rows);
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ print: true });
