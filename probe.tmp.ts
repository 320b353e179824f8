import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { startBroker } from './broker/src/server.ts';
const threads = Number(process.argv[2] ?? 2);
const b = await startBroker({ port: 0, database: '/tmp/h15/org15k.db', readerThreads: threads, precompute: false, logLevel: 'error' });
const PFV_BODY = { providerVersionBranch: 'main', includePendingStatus: true, includeWipPactsSince: new Date(Date.now() - 30 * 86_400_000).toISOString(), consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }] };
const hub = 'svc-00000';
const reqs: [string, string, string, unknown?][] = [
  ['pfv hub', 'POST', `/pacts/provider/${hub}/for-verification`, PFV_BODY],
  ['matrix pair', 'GET', `/matrix/provider/${hub}/consumer/svc-00001`],
  ['matrix history', 'GET', `/matrix?q[][pacticipant]=svc-00001&q[][pacticipant]=${hub}`],
  ['graph', 'GET', '/ui/graph'],
  ['overview', 'GET', '/ui/'],
  ['rollback one', 'GET', `/can-i-rollback?environment=production&pacticipant=${hub}`],
  ['rollback any', 'GET', `/can-i-rollback?environment=production&detail=summary`],
];
for (let round = 0; round < 2; round++)
for (const [name, method, path, body] of reqs) {
  let last = performance.now(); let gap = 0;
  const e0 = performance.eventLoopUtilization();
  const iv = setInterval(() => { const now = performance.now(); gap = Math.max(gap, now - last - 5); last = now; }, 5);
  const t = performance.now();
  const res = await fetch(b.url + path, { method, headers: { 'content-type': 'application/json', accept: path.startsWith('/ui') ? 'text/html' : 'application/hal+json' }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  const ms = performance.now() - t;
  clearInterval(iv); const act = performance.eventLoopUtilization(e0).active;
  console.log(JSON.stringify({ threads, round, name, status: res.status, bytes: text.length, ms: Math.round(ms), loopMaxMs: Math.round(gap), activeMs: Math.round(act), load: loadavg()[0].toFixed(1) }));
}
console.log(JSON.stringify({ threads, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
await b.close();
process.exit(0);
