#!/usr/bin/env node
// The installed `rollgate` command: package.json's bin is this file compiled (dist/cli/bin/rollgate.js), run by
// plain node. From a clone, `npx tsx cli/bin/rollgate.ts` (or `tsx cli/src/main.ts`) runs the same from source.
import { runAsCommand } from '../src/main.ts';

void runAsCommand();
