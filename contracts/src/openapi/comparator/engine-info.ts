/**
 * The engine's name and version, stored with every verdict so old answers stay explainable after
 * an upgrade. Kept apart from opc-engine.ts so the pool's thread can name the engine (in its
 * 'unknown' verdicts) without loading the 900 KB engine bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EngineInfo } from './types.ts';

const PACKAGE = '@pactflow/openapi-pact-comparator';

/** The installed version, read from its package.json (its `exports` hide that file from import). */
function installedVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return 'unknown';
}

export const OPC_INFO: EngineInfo = { name: PACKAGE, version: installedVersion() };
