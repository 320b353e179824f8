/**
 * A reduced version of the load bench (bench/load, 200 clients for 60 s): 40 clients for 8 s against `rollgate
 * serve` on SQLite, with static evidence on. Latencies are printed, not asserted (this machine is shared); what is
 * asserted is what a user would notice: no 5xx, no reset connection, every acknowledged write stored, and the
 * heartbeat answered throughout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from '../../bench/load/scenario.ts';
import { startChildBroker, stopChildBroker, type ChildBroker } from '../support/child-broker.ts';

describe('Load: 40 concurrent clients for 8 s (SQLite, child process)', function () {
  this.timeout(120_000);
  let b: ChildBroker | undefined;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-load-test-'));
    b = await startChildBroker(join(dir, 'rollgate.db'));
  });
  after(async () => {
    await stopChildBroker(b);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request without a 5xx or a reset connection, and stores every acknowledged write', async () => {
    const broker = b as ChildBroker;
    const env = await broker.api.post('/environments', { name: 'production', production: true });
    assert.equal(env.status, 201, env.text);
    const r = await runLoad({ url: broker.url, clients: 40, seconds: 8, environmentUuid: env.body.uuid });
    console.log(
      `      load ${loadavg()[0].toFixed(1)}: ${r.requests} requests ${JSON.stringify(r.byStatus)}; write p50/p99 ${r.writes.p50.toFixed(0)}/${r.writes.p99.toFixed(0)} ms, heartbeat p99 ${r.heartbeat.p99.toFixed(0)} ms`,
    );
    assert.deepEqual(r.otherErrors, []);
    assert.equal(r.serverErrors, 0, JSON.stringify(r.byStatus));
    assert.equal(r.resets, 0);
    assert.ok(r.requests > 200, `${r.requests} requests`);
    assert.ok(r.heartbeat.count >= 20, `${r.heartbeat.count} heartbeats`);
    for (const a of r.acknowledged) {
      const v = await broker.api.get(`/pacticipants/${a.consumer}/versions/${a.version}`);
      assert.equal(v.status, 200, `${a.consumer} ${a.version}: ${v.text}`);
    }
  });
});
