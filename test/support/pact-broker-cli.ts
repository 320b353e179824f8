import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

/** The real `pact-broker` CLI (@pact-foundation/pact-cli 18, the Rust pact-broker-cli) as users run it. */
export const PACT_BROKER = resolve('node_modules/.bin/pact-broker');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pact-broker <args> --broker-base-url <url>` asynchronously (the broker under test runs in this
 * process, so a synchronous spawn would deadlock it), with telemetry off and one retry so a 5xx fails fast.
 */
export function pactBroker(args: string[], brokerUrl: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      PACT_BROKER,
      [...args, '--broker-base-url', brokerUrl, ...(args.includes('--retries') ? [] : ['--retries', '1'])],
      { env: { ...cleanEnv(), PACT_DO_NOT_TRACK: 'true', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The caller's environment without inherited PACT_BROKER_* settings (an empty PACT_BROKER_TOKEN would override -u/-p). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PACT_BROKER_/.test(k)));
}
