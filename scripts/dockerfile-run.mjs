// For scripts/package-check.sh: what the Dockerfile's run stage would run, without Docker.
//   node scripts/dockerfile-run.mjs env          -> the run stage's ENV settings, one NAME=value per line
//   node scripts/dockerfile-run.mjs healthcheck  -> runs the HEALTHCHECK command (exit 0 healthy), with this env
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const text = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8').replace(/\\\n\s*/g, ' ');
const lines = text.split('\n').map((l) => l.trim());
// The run stage: everything after the last FROM.
const stage = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

const what = process.argv[2];
if (what === 'env') {
  for (const l of stage.filter((x) => x.startsWith('ENV '))) {
    for (const m of l.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) {
      if (m[1] !== 'PATH') console.log(`${m[1]}=${m[2]}`);
    }
  }
} else if (what === 'healthcheck') {
  const l = stage.find((x) => x.startsWith('HEALTHCHECK '));
  const cmd = l && /\bCMD\s+(\[.*\])\s*$/.exec(l);
  if (!cmd) throw new Error('the Dockerfile has no HEALTHCHECK ... CMD [...] in its run stage');
  const [file, ...args] = JSON.parse(cmd[1]);
  const r = spawnSync(file, args, { stdio: 'inherit', timeout: 5000 });
  process.exit(r.status ?? 1);
} else {
  console.error('usage: dockerfile-run.mjs env|healthcheck');
  process.exit(2);
}
