// `npm run build` (and `prepack`): compiles the TypeScript sources to dist/ with tsconfig.build.json and copies the
// files the compiled modules read from beside themselves. Plain JavaScript so it needs nothing but TypeScript.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// A stale dist/ could ship modules whose source was deleted.
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Read at run time beside the module that reads them (tsc copies only what it compiles).
const assets = ['broker/src/ui/assets'];
for (const dir of assets) cpSync(join(root, dir), join(dist, dir), { recursive: true });
console.log(`build: dist/ written (${assets.length} asset folder copied)`);
