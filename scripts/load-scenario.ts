/**
 * `npx tsx scripts/load-scenario.ts FILE [BROKER_URL]`: replays a scenario (fixtures/scenarios/) against
 * a running broker (default http://localhost:9292, or ROLLGATE_BROKER_BASE_URL).
 */
import { loadScenario } from '../cli/src/scenario/load.ts';

const [file, url] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx scripts/load-scenario.ts FILE [BROKER_URL]');
  process.exit(2);
}
const base = url ?? process.env.ROLLGATE_BROKER_BASE_URL ?? 'http://localhost:9292';
const steps = await loadScenario(base, file);
console.log(`Loaded ${steps} steps from ${file} into ${base}`);
