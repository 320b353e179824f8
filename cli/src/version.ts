import { readFileSync } from 'node:fs';

/**
 * The package's version (`rollgate --version`), from its package.json: two folders up from cli/src (run from source),
 * three from dist/cli/bin (the installed bundle).
 */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    let text: string;
    try {
      text = readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    const pkg = JSON.parse(text) as { name?: string; version?: string };
    if (pkg.name === 'rollgate' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
