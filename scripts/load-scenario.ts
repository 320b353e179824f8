/**
 * `npx tsx scripts/load-scenario.ts FILE [BROKER_URL]`: replays a scenario (fixtures/scenarios/) against a running
 * broker. The broker is found as the `rollgate` CLI finds it: BROKER_URL, then ROLLGATE_BROKER_BASE_URL, then
 * PACT_BROKER_BASE_URL, then http://localhost:9292; credentials likewise (ROLLGATE_BROKER_TOKEN, PACT_BROKER_TOKEN, ...).
 */
import { ExitError } from '../cli/src/errors.ts';
import { brokerConfig, DEFAULT_BROKER_URL } from '../cli/src/options.ts';
import { loadScenario } from '../cli/src/scenario/load.ts';

const [file, url] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx scripts/load-scenario.ts FILE [BROKER_URL]');
  process.exit(2);
}

/** Where the URL came from, for the message: the argument, the first env variable set, or the default. */
const source =
  url !== undefined
    ? 'command line'
    : (['ROLLGATE_BROKER_BASE_URL', 'PACT_BROKER_BASE_URL'].find((n) => process.env[n]) ??
      `default ${DEFAULT_BROKER_URL}`);

let config: ReturnType<typeof brokerConfig>;
try {
  config = brokerConfig({ brokerBaseUrl: url }, process.env);
} catch (e) {
  console.error(e instanceof ExitError ? e.message : String(e));
  process.exit(2);
}
const headers: Record<string, string> = {};
if (config.token !== undefined) headers.authorization = `Bearer ${config.token}`;
else if (config.username !== undefined)
  headers.authorization = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;

console.log(`Loading ${file} into the broker at ${config.baseUrl} (from ${source})`);
try {
  const steps = await loadScenario(config.baseUrl, file, headers);
  console.log(`Loaded ${steps} steps from ${file} into ${config.baseUrl}`);
} catch (e) {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  console.error(
    `Could not load ${file} into the broker at ${config.baseUrl} (from ${source}): ${err.cause?.code ?? err.cause?.message ?? err.message}`,
  );
  process.exit(1);
}
