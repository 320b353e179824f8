/**
 * The Optic warm worker: guards the network, loads Optic once (about a second), tells its parent it is ready, then
 * answers one diff at a time.
 */
import { parentPort } from 'node:worker_threads';
import { installNetworkGuard, networkAttempts } from './network-guard.ts';
import type { OpticReply, OpticRequest } from './protocol.ts';
import { loadOptic, runOptic } from './run.ts';
import { installedVersion } from '../installed-version.ts';

installNetworkGuard();
const port = parentPort!;
const reply = (m: OpticReply) => port.postMessage(m);
const started = performance.now();
await loadOptic();
reply({
  type: 'ready',
  version: installedVersion('@useoptic/standard-rulesets'),
  loadMs: Math.round(performance.now() - started),
});

port.on('message', async (req: OpticRequest) => {
  try {
    const { findings, unmapped } = await runOptic(JSON.parse(req.base), JSON.parse(req.revision));
    reply({ type: 'result', id: req.id, findings, unmapped, networkAttempts: networkAttempts() });
  } catch (e) {
    reply({ type: 'failed', id: req.id, message: (e as Error).message, networkAttempts: networkAttempts() });
  }
});
