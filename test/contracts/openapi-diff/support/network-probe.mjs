// A worker that installs the Optic worker's network guard, then tries to reach the network three ways and reports
// what happened (test/contracts/openapi-diff/engines.test.ts). Plain JavaScript: see worker-boot.mjs.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const guard = await tsImport('../../../../contracts/src/openapi-diff/engines/optic/network-guard.ts', import.meta.url);
guard.installNetworkGuard();
const outcomes = [];
const attempt = async (what, fn) => {
  try {
    await fn();
    outcomes.push(`${what}: connected`);
  } catch (e) {
    outcomes.push(`${what}: ${e.name}`);
  }
};
const net = await import('node:net');
const dns = await import('node:dns');
await attempt('fetch', () => fetch('http://127.0.0.1:9/'));
await attempt(
  'net.connect',
  () => new Promise((resolve, reject) => net.connect(9, '127.0.0.1').on('connect', resolve).on('error', reject)),
);
await attempt(
  'dns.lookup',
  () => new Promise((resolve, reject) => dns.lookup('example.com', (e) => (e ? reject(e) : resolve()))),
);
parentPort.postMessage({ outcomes, attempts: guard.networkAttempts() });
