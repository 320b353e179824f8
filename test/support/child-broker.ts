/**
 * `rollgate serve` as a child process on a free port, for tests that need a real process (two instances
 * on one database, kill -9): started, waited for until its heartbeat answers, stopped or killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BUILT_ENTRY, staleBuild } from '../../scripts/build-state.mjs';
import { apiClient, type ApiClient } from './http-client.ts';
import { sleep, until } from './wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildBroker {
  url: string;
  api: ApiClient;
  child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
}

export async function freePort(): Promise<number> {
  // Below the operating system's ephemeral range (Linux: 32768-60999), which every outgoing connection and every
  // in-process server on port 0 draws from: a port from there could be taken again between this check and the child's
  // listen (seconds later: tsx compiles the server first, slowly on a busy machine), and the heartbeat then came from
  // another broker (a CI failure: a fresh database that already had an environment).
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
    if (attempt > 50) throw new Error('no free port between 20000 and 32000');
  }
}

/**
 * Starts `rollgate serve --database <database>` without auth and waits until it answers: up to 60 s, since tsx
 * compiles the server at start, which is slow on a busy machine running test files in parallel.
 */
export async function startChildBroker(
  database: string,
  extraEnv: Record<string, string> = {},
  options: { built?: boolean } = {},
): Promise<ChildBroker> {
  const port = await freePort();
  // `built`: the package's compiled JavaScript (`npm run build`), as the Docker image and an npm install run it.
  const entry = options.built ? [BUILT_ENTRY] : ['--import', 'tsx', 'cli/src/main.ts'];
  if (options.built) assertBuildCurrent();
  const child = spawn(
    process.execPath,
    [
      // Node flags for the child alone (`--cpu-prof --cpu-prof-dir=DIR` to profile a benchmark's broker).
      ...(process.env.ROLLGATE_CHILD_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
      ...entry,
      'serve',
      '--port',
      String(port),
      '--database',
      database,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ROLLGATE_LOG_LEVEL: 'warn',
        ROLLGATE_TOKENS: '',
        ROLLGATE_AUTH_FILE: '',
        ROLLGATE_HOST: '127.0.0.1',
        PACT_DO_NOT_TRACK: 'true',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const api = apiClient(url);
  try {
    await until(
      'the broker to start',
      async () => {
        if (child.exitCode !== null) throw new Error(`broker exited with ${child.exitCode} at start`);
        return api.get('/diagnostic/status/heartbeat').then(
          (r) => r.status === 200,
          () => false,
        );
      },
      { timeoutMs: 60_000 },
    );
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}: ${out}`);
  }
  return { url, api, child, exited, output: () => out };
}

/** The package build exists and is newer than every source it is built from: a benchmark never measures an old one. */
function assertBuildCurrent(): void {
  const why = staleBuild(ROOT);
  if (why) throw new Error(`${why}: npm run build`);
}

/** SIGTERM, then SIGKILL if the process has not exited after 5 s. */
export async function stopChildBroker(b: ChildBroker | undefined): Promise<void> {
  if (!b || b.child.exitCode !== null || b.child.signalCode !== null) return;
  b.child.kill('SIGTERM');
  await Promise.race([b.exited, sleep(5000)]);
  if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
}
