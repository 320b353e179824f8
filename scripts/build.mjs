// `npm run build` (and `prepack`, and `npm start` when the sources changed): compiles the TypeScript sources to dist/ with tsconfig.build.json, copies the
// files the compiled modules read from beside themselves, and bundles the CLI. Plain JavaScript, so it needs
// nothing but the build's devDependencies (typescript, esbuild).
//
// Why a bundle: `rollgate --version` and a one-pair can-i-deploy must start about as fast as `pact-broker` does
// (docs/benchmarks.md, CLI start-up). Resolving and linking some twenty small ES modules and commander's CommonJS
// files costs more than the code itself, so the CLI (cli/, and commander, MIT, its licence kept beside it) becomes
// one entry file plus one chunk per command, still loaded only when that command runs. The server, contracts and
// matchers stay ordinary modules (dist/broker, ...), loaded from the bundle by relative path when a command needs
// them (serve, compare, diff-pacts).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { staleBuild } from './build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

// `--if-stale` (npm start): nothing to do when dist/ is the build of the sources as they are.
if (process.argv.includes('--if-stale')) {
  const why = staleBuild(root);
  if (!why) process.exit(0);
  console.log(`build: ${why}: building dist/`);
}

// A stale dist/ could ship modules whose source was deleted.
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

// Read at run time beside the module that reads them (tsc copies only what it compiles).
const assets = ['broker/src/ui/assets'];
for (const dir of assets) cpSync(join(root, dir), join(dist, dir), { recursive: true });

// The CLI bundle, written over the compiled entry, its chunks beside it.
const bin = join(dist, 'cli/bin');
const serverSide = ['broker', 'contracts', 'matchers'].map((d) => join(dist, d) + sep);
await build({
  entryPoints: [join(bin, 'rollgate.js')],
  outdir: bin,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  // commander is CommonJS: its require() of node's own modules needs a require in an ES module.
  banner: {
    js: "import { createRequire as __rollgateRequire } from 'node:module';\nconst require = __rollgateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [
    {
      name: 'server-side-stays-external',
      setup(b) {
        b.onResolve({ filter: /^\./ }, (args) => {
          const target = resolve(args.resolveDir, args.path);
          if (!serverSide.some((d) => target.startsWith(d))) return undefined;
          // Every output file is in dist/cli/bin, so one relative path serves the entry and every chunk.
          return { path: `./${relative(bin, target).split(sep).join('/')}`, external: true };
        });
      },
    },
  ],
});
// The unbundled CLI modules are in the bundle now; shipping them too would only mislead.
rmSync(join(dist, 'cli/src'), { recursive: true, force: true });
// commander's index.js sits at its package root (its exports do not list package.json).
const commanderDir = dirname(require.resolve('commander'));
const commander = JSON.parse(readFileSync(join(commanderDir, 'package.json'), 'utf8'));
writeFileSync(
  join(bin, 'THIRD-PARTY-LICENSES.md'),
  `# Bundled into this folder\n\n## commander ${commander.version} (${commander.license})\n\n${readFileSync(join(commanderDir, 'LICENSE'), 'utf8')}`,
);
console.log('build: dist/ written (compiled sources, UI assets, CLI bundle)');
