/**
 * The installable package (issue 18), the parts that need no `npm install`: package.json's fields, that every
 * module the package ships imports only its dependencies, and that the compiled build (dist/) runs with plain node:
 * the bin, the server with its web assets, and the comparator's worker thread. The tarball itself is installed and
 * run by scripts/package-check.sh (a CI step: better-sqlite3 compiles from source there, which takes minutes).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../support/child-broker.ts';
import { until } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const run = promisify(execFile);
/** The folders the package ships as compiled modules (the CLI, cli/, ships as a bundle: scripts/build.mjs). */
const SHIPPED = ['broker/src', 'contracts/src', 'matchers/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `lodash/fp` -> `lodash`, `@scope/name/x` -> `@scope/name`. */
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/**
 * Starts a broker process (its output collected for failure messages) and waits until its heartbeat answers: fails
 * at once if it exits first.
 */
function startAnswering(
  what: string,
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; url: string; timeoutMs: number },
) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', r));
  const started = until(
    what,
    async () => {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
      return fetch(`${options.url}/diagnostic/status/heartbeat`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { timeoutMs: options.timeoutMs },
  );
  return { child, exited, output: () => out, started };
}

describe('the installable package', function () {
  this.timeout(180_000);

  describe('package.json', () => {
    it('can be published: not private, a licence with its file, a repository, engines, a files list', () => {
      assert.equal(pkg.private, undefined);
      assert.equal(pkg.license, 'MIT');
      assert.ok(existsSync(join(ROOT, 'LICENSE')));
      assert.match(pkg.repository?.url ?? '', /^git\+https:\/\//);
      assert.equal(pkg.engines?.node, '>=20.19');
      assert.ok(pkg.files.includes('dist/'));
      assert.equal(pkg.scripts.prepack, 'npm run build');
    });

    it('points its bin at the compiled build and keeps build-only tools out of dependencies', () => {
      assert.deepEqual(pkg.bin, { rollgate: 'dist/cli/bin/rollgate.js' });
      // commander is bundled into the CLI, so it is build-only too.
      for (const buildOnly of ['tsx', 'typescript', 'esbuild', 'mocha', 'commander'])
        assert.equal(pkg.dependencies[buildOnly], undefined, `${buildOnly} is build-only`);
      assert.deepEqual(
        Object.keys(pkg.dependencies).filter((d) => d.startsWith('@types/')),
        [],
      );
      for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }))
        assert.match(String(version), /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
    });

    it('lists every package the shipped modules import as a dependency (a devDependency is not installed)', () => {
      const missing = new Set<string>();
      for (const dir of SHIPPED) {
        for (const file of sourceFiles(dir)) {
          const text = readFileSync(file, 'utf8');
          // Type-only imports vanish at compile time.
          for (const m of text.matchAll(
            /^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)/gm,
          )) {
            const spec = m[1] ?? m[2]!;
            if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
            // The source-only worker boot file loads tsx on purpose; the build runs worker.js instead.
            if (file.endsWith('worker-boot.mjs') && spec.startsWith('tsx')) continue;
            if (!pkg.dependencies[packageOf(spec)]) missing.add(`${packageOf(spec)} (${file.slice(ROOT.length)})`);
          }
        }
      }
      assert.deepEqual([...missing], []);
    });
  });

  describe('the compiled build, run by plain node', () => {
    const bin = join(ROOT, 'dist/cli/bin/rollgate.js');
    before(async () => {
      await run(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
    });

    it('prints the package version (package.json is found from dist/)', async () => {
      const { stdout } = await run(process.execPath, [bin, '--version'], { cwd: tmpdir() });
      assert.equal(stdout.trim(), pkg.version);
    });

    it('holds no TypeScript import and no tsx: every relative import was rewritten to .js', () => {
      const offenders = sourceFiles('dist').filter((f) => {
        const text = readFileSync(f, 'utf8');
        return /from '\.[^']*\.ts'|import\('\.[^']*\.ts'\)|["']tsx(\/[^'"]*)?["']/.test(text);
      });
      assert.deepEqual(offenders, []);
    });

    it('bundles the CLI: no package imported at run time, server-side modules reached by paths that exist', () => {
      const bundle = readdirSync(join(ROOT, 'dist/cli/bin')).filter((f) => f.endsWith('.js'));
      assert.ok(bundle.includes('rollgate.js'));
      assert.ok(!existsSync(join(ROOT, 'dist/cli/src')), 'the unbundled CLI modules are not shipped');
      assert.match(readFileSync(join(ROOT, 'dist/cli/bin/THIRD-PARTY-LICENSES.md'), 'utf8'), /commander .*MIT/);
      for (const file of bundle) {
        const text = readFileSync(join(ROOT, 'dist/cli/bin', file), 'utf8');
        for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)) {
          const spec = (m[1] ?? m[2])!;
          if (spec.startsWith('node:')) continue;
          assert.ok(spec.startsWith('./'), `${file} imports the package ${spec}`);
          assert.ok(existsSync(join(ROOT, 'dist/cli/bin', spec)), `${file} imports ${spec}, which is not there`);
        }
      }
    });

    /** The files of dist/cli/bin a run of `rollgate <args>` loads (a module-resolution hook in the child lists them). */
    async function loadedBy(args: string[]): Promise<string[]> {
      const hook = `data:text/javascript,${encodeURIComponent(
        "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/dist/cli/bin/')) process.stderr.write('loaded ' + r.url + '\\n'); return r; }",
      )}`;
      const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hook)});`)}`;
      const child = await run(process.execPath, ['--import', register, bin, ...args], { cwd: ROOT }).catch(
        (e: { stderr: string }) => e,
      );
      return child.stderr
        .split('\n')
        .filter((l) => l.startsWith('loaded '))
        .map((l) => l.replace(/^loaded .*\/dist\/cli\/bin\//, ''));
    }
    const holding = (needle: string) =>
      readdirSync(join(ROOT, 'dist/cli/bin')).filter(
        (f) => f.endsWith('.js') && readFileSync(join(ROOT, 'dist/cli/bin', f), 'utf8').includes(needle),
      );

    it('loads only what a command needs: --version not even commander; can-i-deploy no other command', async () => {
      const commander = holding('exports.CommanderError = ');
      assert.equal(commander.length, 1, 'commander is in one chunk');
      const commandChunks = ['serve', 'publish', 'can-i-deploy', 'can-i-rollback', 'compare', 'record-deployment'];
      const commandsIn = (files: string[]) =>
        files.filter((f) => commandChunks.some((c) => new RegExp(`^${c}-[A-Z0-9]+\\.js$`).test(f)));

      const version = await loadedBy(['--version']);
      assert.ok(version.includes('rollgate.js'));
      assert.ok(!version.includes(commander[0]!), `--version loaded commander: ${version}`);
      assert.deepEqual(commandsIn(version), []);
      const bytes = version.reduce((n, f) => n + statSync(join(ROOT, 'dist/cli/bin', f)).size, 0);
      assert.ok(bytes < 8_000, `--version loads ${bytes} bytes of the bundle`);
      const cid = await loadedBy([
        'can-i-deploy',
        '--pacticipant',
        'web',
        '--version',
        '1',
        '-b',
        'http://127.0.0.1:9',
      ]);
      assert.ok(cid.includes(commander[0]!), 'a command runs through commander');
      assert.deepEqual(
        commandsIn(cid),
        cid.filter((f) => f.startsWith('can-i-deploy-')),
      );
      assert.equal(commandsIn(cid).length, 1);
      // -V among other arguments is commander's (`can-i-deploy --version` is that command's flag).
      const help = await loadedBy(['--help']);
      assert.equal(commandsIn(help).length, commandChunks.length, 'the help listing loads every command');
    });

    it('serves the broker and its web page assets from dist/', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rollgate-package-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const { child, exited, started } = startAnswering(
        'the compiled broker to answer',
        process.execPath,
        [bin, 'serve', '--port', String(port), '--database', join(dir, 'rollgate.db')],
        { env: { PATH: process.env.PATH, ROLLGATE_LOG_LEVEL: 'warn' }, url, timeoutMs: 30_000 },
      );
      try {
        await started;
        const css = await fetch(`${url}/ui/assets/ui.css`);
        assert.equal(css.status, 200);
        assert.equal(await css.text(), readFileSync(join(ROOT, 'broker/src/ui/assets/ui.css'), 'utf8'));
        const js = await fetch(`${url}/ui/assets/ui.js`);
        assert.equal(js.status, 200);
      } finally {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is what `npm start` runs: built only when the sources changed, with two malloc arenas, stopped by a signal to npm', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rollgate-start-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const { child, exited, output, started } = startAnswering('npm start to answer', 'npm', ['start'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ROLLGATE_PORT: String(port),
          ROLLGATE_DATABASE: join(dir, 'rollgate.db'),
          ROLLGATE_LOG_LEVEL: 'warn',
        },
        url,
        timeoutMs: 60_000,
      });
      try {
        await started;
        assert.doesNotMatch(output(), /build:/, 'the build made by `before` is current: not built again');
        // npm's child is the broker itself (the shell execs it), from dist/, with MALLOC_ARENA_MAX=2.
        const { stdout } = await run('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)]);
        const [pid, ...args] = stdout.trim().split(/\s+/);
        assert.equal(args.join(' '), 'node dist/cli/bin/rollgate.js serve', stdout);
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        assert.ok(environ.includes('MALLOC_ARENA_MAX=2'), 'the arenas are bounded as in the Docker image');
      } finally {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        rmSync(dir, { recursive: true, force: true });
      }
      assert.notEqual(child.exitCode ?? child.signalCode, null, 'npm exited on SIGTERM');
      const answered = await fetch(`${url}/diagnostic/status/heartbeat`).then(
        () => true,
        () => false,
      );
      assert.equal(answered, false, 'the broker stopped with npm (no orphan left serving)');
    });

    it("runs diff-openapi's Optic worker thread from worker.js, without tsx", async () => {
      const orders = join(ROOT, 'fixtures/openapi/orders');
      const answer = await run(
        process.execPath,
        [bin, 'diff-openapi', join(orders, 'orders-api.yaml'), join(orders, 'orders-v1.yaml'), '--output', 'json'],
        { cwd: tmpdir(), env: { PATH: process.env.PATH } },
      ).catch((e: { stdout: string; code: number }) => e);
      const diff = JSON.parse(answer.stdout);
      assert.equal(diff.unknown, false, 'every engine answered');
      assert.ok(
        diff.findings.some((f: { engines: string[] }) => f.engines.includes('optic')),
        'Optic, in its worker thread, found what it should',
      );
    });

    it("runs the comparator's worker thread from worker.js, without tsx", async () => {
      // A child process with plain node: this mocha process has tsx's loader, which would hide a .ts worker.
      const poolUrl = pathToFileURL(join(ROOT, 'dist/contracts/src/openapi/comparator/pool.js')).href;
      const petstore = join(ROOT, 'fixtures/openapi/petstore');
      const script = `
        import { readFileSync } from 'node:fs';
        import { parse } from 'yaml';
        const { ComparatorPool } = await import(${JSON.stringify(poolUrl)});
        const pool = new ComparatorPool({ size: 1 });
        const doc = parse(readFileSync(${JSON.stringify(join(petstore, 'openapi.yaml'))}, 'utf8'));
        const verdict = async (f) => (await pool.compare(JSON.parse(readFileSync(f, 'utf8')), doc)).result;
        console.log(JSON.stringify([
          await verdict(${JSON.stringify(join(petstore, 'pact-compatible.json'))}),
          await verdict(${JSON.stringify(join(petstore, 'pact-incompatible.json'))}),
        ]));
        await pool.close();
      `;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { PATH: process.env.PATH },
      });
      assert.deepEqual(JSON.parse(stdout), ['compatible', 'incompatible']);
    });
  });
});
