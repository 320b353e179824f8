import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChildBroker } from '../support/child-broker.ts';
import { publishBody } from '../security/support.ts';
import { freshPostgresUrl } from '../support/postgres.ts';

/**
 * Crash safety: start `rollgate serve` as a child process, fire a burst of publishes, verifications
 * and deployments, record every 2xx, kill -9 the broker mid-burst, restart it on the same database,
 * and check that every acknowledged write is there (with its audit row) and the database is intact.
 */
const ACKS_BEFORE_KILL = 300;
const WORKERS = 12;

type Ack =
  | { kind: 'publish'; version: string }
  | { kind: 'verification'; href: string; providerVersion: string }
  | { kind: 'deployment'; uuid: string };

async function crashRun(database: string, integrity?: () => string): Promise<void> {
  const first = await startChildBroker(database);
  const { api } = first;
  assert.equal((await api.post('/contracts/publish', publishBody('web', 'base', 'orders'))).status, 200);
  const sha = (await api.get('/pacts/provider/orders/consumer/web/version/base')).body._links['pb:pact-version']
    .name as string;
  const env = await api.post('/environments', { name: 'production', production: true });
  assert.equal(env.status, 201, env.text);

  const acks: Ack[] = [];
  let attempted = 0;
  let failed = 0;
  let killed = false;
  let n = 0;
  const kill = () => {
    if (killed) return;
    killed = true;
    first.child.kill('SIGKILL');
  };
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (!killed) {
        const i = n++;
        attempted++;
        try {
          if (i % 3 === 0) {
            const version = `c-${i}`;
            const res = await api.post(
              '/contracts/publish',
              publishBody('web', version, 'orders', { interactions: 1 + (i % 5) }),
            );
            if (res.status === 200) acks.push({ kind: 'publish', version });
            else throw new Error(`${res.status} ${res.text}`);
          } else if (i % 3 === 1) {
            const providerVersion = `p-${i}`;
            const res = await api.post(`/pacts/provider/orders/consumer/web/pact-version/${sha}/verification-results`, {
              providerApplicationVersion: providerVersion,
              success: i % 2 === 0,
            });
            if (res.status === 201)
              acks.push({ kind: 'verification', href: res.body._links.self.href, providerVersion });
            else throw new Error(`${res.status} ${res.text}`);
          } else {
            const res = await api.post(
              `/pacticipants/web/versions/base/deployed-versions/environment/${env.body.uuid}`,
              { applicationInstance: `inst-${i}` },
            );
            if (res.status === 201) acks.push({ kind: 'deployment', uuid: res.body.uuid });
            else throw new Error(`${res.status} ${res.text}`);
          }
        } catch (e) {
          // Only requests cut off by the kill may fail; a 4xx/5xx before it is a bug.
          if (!killed) throw e;
          failed++;
        }
        if (acks.length >= ACKS_BEFORE_KILL) kill();
      }
    }),
  );
  const exit = await first.exited;
  assert.equal(exit.signal, 'SIGKILL');

  const second = await startChildBroker(database);
  try {
    let publishes = 0;
    let verifications = 0;
    let deployments = 0;
    const audit = (await second.api.get('/audit?pageSize=1000')).body._embedded.entries as {
      action: string;
      detail: Record<string, unknown>;
    }[];
    const audited = (action: string, pred: (d: Record<string, unknown>) => boolean) =>
      audit.some((e) => e.action === action && pred(e.detail));
    for (const a of acks) {
      if (a.kind === 'publish') {
        const res = await second.api.get(`/pacts/provider/orders/consumer/web/version/${a.version}`);
        assert.equal(res.status, 200, `acknowledged publish of ${a.version} lost`);
        assert.ok(
          audited('pacts.published', (d) => d.version === a.version),
          `audit row of publish ${a.version}`,
        );
        publishes++;
      } else if (a.kind === 'verification') {
        const res = await second.api.get(new URL(a.href).pathname);
        assert.equal(res.status, 200, `acknowledged verification ${a.href} lost`);
        assert.ok(
          audited('verification.published', (d) => d.providerVersion === a.providerVersion),
          `audit row of verification ${a.providerVersion}`,
        );
        verifications++;
      } else {
        const res = await second.api.get(`/deployed-versions/${a.uuid}`);
        assert.equal(res.status, 200, `acknowledged deployment ${a.uuid} lost`);
        assert.ok(
          audited('deployment.recorded', (d) => d.deployedVersionUuid === a.uuid),
          `audit row of deployment ${a.uuid}`,
        );
        deployments++;
      }
    }
    // The broker still takes writes after the crash.
    assert.equal(
      (await second.api.post('/contracts/publish', publishBody('web', 'after-crash', 'orders'))).status,
      200,
    );
    second.child.kill('SIGTERM');
    await second.exited;
    const check = integrity?.();
    console.log(
      `      kill -9 after ${acks.length} acknowledged of ${attempted} attempted writes (${failed} cut off by the kill): ` +
        `checked ${publishes} publishes, ${verifications} verifications, ${deployments} deployments present with audit rows after restart` +
        (check !== undefined ? `; integrity_check: ${check}` : ''),
    );
    if (check !== undefined) assert.equal(check, 'ok');
    assert.ok(publishes > 0 && verifications > 0 && deployments > 0);
  } finally {
    if (second.child.exitCode === null) second.child.kill('SIGKILL');
  }
}

describe('Crash safety: kill -9 during a burst of writes', function () {
  // A safety net, not a claim: 30-100 s alone, longer beside three other test files on a loaded machine.
  this.timeout(240_000);

  it('SQLite: every acknowledged write survives and PRAGMA integrity_check is ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-crash-'));
    const file = join(dir, 'rollgate.db');
    try {
      await crashRun(file, () => {
        const db = new Database(file, { readonly: true });
        try {
          return String(db.pragma('integrity_check', { simple: true }));
        } finally {
          db.close();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (process.env.ROLLGATE_TEST_DATABASE_URL ? it : it.skip)('PostgreSQL: every acknowledged write survives', async () => {
    const fresh = await freshPostgresUrl();
    try {
      await crashRun(fresh.url);
    } finally {
      await fresh.drop();
    }
  });
});
