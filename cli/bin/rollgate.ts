#!/usr/bin/env node
// The installed `rollgate` command: package.json's bin is this file compiled and bundled (dist/cli/bin/rollgate.js),
// run by plain node. From a clone, `npx tsx cli/bin/rollgate.ts` (or `tsx cli/src/main.ts`) runs the same from source.
import { packageVersion } from '../src/version.ts';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What commander would print, without loading it: pipelines ask this to log which rollgate they run.
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { runAsCommand } = await import('../src/main.ts');
  await runAsCommand();
}
