/**
 * CLI start-up (issue 18): the median wall-clock time of 10 runs of `rollgate --version` and of a can-i-deploy
 * against a local broker holding one pair, from the compiled package (dist/, as installed), next to `node -e ''`
 * and `pact-broker --version` measured in the same rounds (interleaved, so load on this shared machine hits every
 * command alike). Goals: rollgate at most `node -e ''` + 200 ms, and no slower than `pact-broker` asking the same
 * (`--version`, and the same can-i-deploy).
 * The source path (tsx, as before the package existed) is measured too, for the record.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startTestBroker } from '../../test/support/test-broker.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin/rollgate.js');
const PACT_BROKER = join(ROOT, 'node_modules/.bin/pact-broker');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const RUNS = 10;

/** Runs a command to its end (asynchronously: the broker answering it lives in this process) and times it. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ ms, code });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface StartupRow {
  command: string;
  medianMs: number;
  minMs: number;
  overNodeMs?: number;
  /** rollgate only: median at most `node -e ''` + 200 ms. */
  withinNodePlus200?: string;
  /** rollgate only: its median over the median of the same question asked with `pact-broker`. */
  vsPactBroker?: string;
  loadAverage: number;
}

export async function run(options: { runs?: number; print?: boolean } = {}): Promise<StartupRow[]> {
  const runs = options.runs ?? RUNS;
  if (!existsSync(BIN)) {
    // The benchmark measures what users install: build it if this clone has no dist/ yet.
    await timed(process.execPath, [join(ROOT, 'scripts/build.mjs')], process.env);
  }
  const broker = await startTestBroker({ config: { precompute: false } });
  try {
    await broker.td
      .environment('production')
      .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
      .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true })
      .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
    // Only what the commands need: no PACT_BROKER_* of the caller, no tracking.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PACT_DO_NOT_TRACK: 'true',
      PACT_BROKER_BASE_URL: broker.url,
    };
    const cid = ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--to-environment', 'production'];
    const commands: [string, string, string[]][] = [
      ["node -e ''", process.execPath, ['-e', '']],
      ['pact-broker --version', PACT_BROKER, ['--version']],
      ['rollgate --version', process.execPath, [BIN, '--version']],
      ['rollgate can-i-deploy (one pair)', process.execPath, [BIN, ...cid]],
      ['pact-broker can-i-deploy (one pair)', PACT_BROKER, cid],
      ['from source: tsx cli/src/main.ts --version', TSX, [join(ROOT, 'cli/src/main.ts'), '--version']],
    ];
    const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
    // One warm-up round (file cache), then interleaved rounds.
    for (const [, cmd, args] of commands) await timed(cmd, args, env);
    const load = loadavg()[0]!;
    for (let r = 0; r < runs; r++) {
      for (const [name, cmd, args] of commands) times.get(name)!.push((await timed(cmd, args, env)).ms);
    }
    const node = median(times.get("node -e ''")!);
    const sameQuestion: Record<string, string> = {
      'rollgate --version': 'pact-broker --version',
      'rollgate can-i-deploy (one pair)': 'pact-broker can-i-deploy (one pair)',
    };
    const rows: StartupRow[] = commands.map(([name]) => {
      const ms = times.get(name)!;
      const row: StartupRow = { command: name, medianMs: median(ms), minMs: Math.min(...ms), loadAverage: load };
      if (name !== "node -e ''") row.overNodeMs = median(ms) - node;
      const other = sameQuestion[name];
      if (other) {
        row.withinNodePlus200 = median(ms) <= node + 200 ? 'yes' : 'NO';
        const ratio = median(ms) / median(times.get(other)!);
        row.vsPactBroker = `${ratio.toFixed(2)}x ${ratio <= 1 ? '(no slower)' : '(SLOWER)'}`;
      }
      return row;
    });
    if (options.print !== false)
      console.log(`load average ${load.toFixed(2)} at the start; ${runs} runs each, interleaved`);
    return rows;
  } finally {
    await broker.destroy();
  }
}
