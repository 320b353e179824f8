/** Installed versions of the library engines, read from their package.json files (stored with every answer). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function installedVersion(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg && json.version) return json.version;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return 'unknown';
}
