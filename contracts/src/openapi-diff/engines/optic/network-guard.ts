/**
 * Refuses every network connection from the thread it is installed in, and counts the attempts. The Optic worker
 * installs it before loading Optic: the engine has no business on the network (telemetry, remote rulesets), and a
 * broker must not call out because a document was published. Covers TCP and TLS sockets (http, https, fetch and
 * node-fetch all end in net.Socket#connect), DNS look-ups, and fetch itself.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

let attempts = 0;
let installed = false;

class NetworkRefusedError extends Error {
  constructor(what: string) {
    super(`network access refused in the OpenAPI diff engine worker (${what})`);
    this.name = 'NetworkRefusedError';
  }
}

export function installNetworkGuard(): void {
  if (installed) return;
  installed = true;
  const refuse = (what: string) => {
    attempts++;
    throw new NetworkRefusedError(what);
  };
  net.Socket.prototype.connect = function connect(this: net.Socket) {
    return refuse('socket connect');
  } as never;
  dns.lookup = ((..._args: unknown[]) => refuse('dns lookup')) as never;
  dns.promises.lookup = (async () => refuse('dns lookup')) as never;
  globalThis.fetch = (async () => refuse('fetch')) as never;
  // ES-module imports of node:dns (`import { lookup } from 'node:dns'`) see the patched functions only after this.
  syncBuiltinESMExports();
}

export const networkAttempts = () => attempts;
