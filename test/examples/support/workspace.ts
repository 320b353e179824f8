/**
 * Where a recipe's shell commands run: a temporary checkout with a `bin/` first on PATH holding the real `rollgate`
 * (this repository's, from source) and the real `pact-broker`, and stand-ins for the user's own tools, which record
 * what they were asked: `npm` (`install --global rollgate@V` checks V is this package's version, and pact-cli's the one tested with, `ci` does nothing,
 * `test` is the consumer's pact tests writing ./pacts, `run test:pact` the provider's verification,
 * examples/pact-js/verify-provider.mjs) and `./scripts/deploy.sh`.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The tsx loader by its file URL: the recipe runs in a temporary folder, where `--import tsx` finds no package.
const TSX_LOADER = import.meta.resolve('tsx');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const VERSION = PKG.version as string;
/** The pact-broker CLI the recipes install: the one this repository tests with. */
const PACT_CLI = PKG.devDependencies['@pact-foundation/pact-cli'] as string;

export interface Workspace {
  dir: string;
  /** PATH with the workspace's bin/ first. */
  path: string;
  /** Lines the stand-ins recorded: `deploy <env> <version>`, `npm test`, ... */
  calls(): string[];
  remove(): void;
}

export function createWorkspace(opts: { providerBaseUrl?: string } = {}): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-recipe-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'scripts'));
  const log = join(dir, '.calls.log');
  writeFileSync(log, '');
  const script = (file: string, body: string) => {
    writeFileSync(file, `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`);
    chmodSync(file, 0o755);
  };
  script(
    join(bin, 'rollgate'),
    `exec "${process.execPath}" --import "${TSX_LOADER}" "${join(ROOT, 'cli/src/main.ts')}" "$@"`,
  );
  script(join(bin, 'pact-broker'), `exec "${join(ROOT, 'node_modules/.bin/pact-broker')}" "$@"`);
  script(
    join(bin, 'npm'),
    `echo "npm $*" >> "${log}"
case "$*" in
  "install --global rollgate@${VERSION}") ;;
  "install --global rollgate@"*) echo "the recipe installs $3, this package is rollgate@${VERSION}" >&2; exit 1 ;;
  "install --global @pact-foundation/pact-cli@${PACT_CLI}") ;;
  "install --global @pact-foundation/pact-cli@"*) echo "the recipe installs $3, the tests use pact-cli ${PACT_CLI}" >&2; exit 1 ;;
  "ci") ;;
  "test") mkdir -p pacts && cp "${join(ROOT, 'fixtures/pacts/v3/web-orders.json')}" pacts/ ;;
  "run test:pact") PROVIDER_BASE_URL="${opts.providerBaseUrl ?? ''}" exec "${process.execPath}" "${join(ROOT, 'examples/pact-js/verify-provider.mjs')}" ;;
  *) echo "npm stand-in: unexpected npm $*" >&2; exit 1 ;;
esac`,
  );
  script(join(dir, 'scripts/deploy.sh'), `echo "deploy $*" >> "${log}"`);
  return {
    dir,
    path: `${bin}:${process.env.PATH}`,
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ShellResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs a script with bash as CI runners do (`-eo pipefail`), asynchronously: the broker answering it lives in
 * this process. Only the given environment (plus PATH and HOME): nothing of the caller's PACT_BROKER_* leaks in.
 */
export function shell(
  script: string,
  opts: { cwd: string; env: Record<string, string>; path: string },
): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: opts.cwd,
      env: { HOME: process.env.HOME ?? opts.cwd, PACT_DO_NOT_TRACK: 'true', ...opts.env, PATH: opts.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out, err });
    });
  });
}
