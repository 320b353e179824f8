/**
 * The Dockerfile and compose.yaml cannot be run here (no Docker): scripts/package-check.sh runs the Dockerfile's
 * install step, settings and health check on the tarball. This checks what a typo would silently break: every
 * setting they pass is one the broker reads, the health check asks the heartbeat, and the image is what
 * docs/deploy.md says (two stages, Node 20 slim, non-root, a volume for the SQLite file).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** Every ROLLGATE_* name the broker's sources read. */
function settingsTheBrokerReads(): Set<string> {
  const names = new Set<string>();
  for (const e of readdirSync(join(ROOT, 'broker/src'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    for (const m of readFileSync(join(e.parentPath, e.name), 'utf8').matchAll(/ROLLGATE_[A-Z0-9_]+/g)) names.add(m[0]);
  }
  return names;
}

/** Settings the files may pass before the broker reads them, each documented in docs/deploy.md as coming. */
const UPCOMING = ['ROLLGATE_ALLOWED_HOSTS'];

describe('the Dockerfile and compose.yaml', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n\s*/g, ' ');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const known = settingsTheBrokerReads();

  it('builds in a stage with the toolchain better-sqlite3 needs, from the tarball, with the script CI runs', () => {
    assert.equal(stages.length, 2);
    assert.match(stages[0]!, /apt-get install -y --no-install-recommends python3 make g\+\+/);
    assert.match(stages[0]!, /COPY \$\{TARBALL\} \/tmp\/rollgate\.tgz/);
    assert.match(stages[0]!, /RUN \/tmp\/docker-install\.sh \/tmp\/rollgate\.tgz \/opt\/rollgate/);
    const ignore = read('.dockerignore');
    assert.match(ignore, /^!\*\.tgz$/m);
    assert.match(ignore, /^!scripts\/docker-install\.sh$/m);
  });

  it('runs on Node 20 slim as a non-root user, the SQLite file on a volume, healthy when the heartbeat answers', () => {
    const run = stages[1]!;
    assert.match(run, /^node:20-[a-z]+-slim\b/);
    assert.match(run, /^USER rollgate$/m);
    assert.match(run, /^VOLUME \["\/data"\]$/m);
    assert.match(run, /ROLLGATE_DATABASE=\/data\/rollgate\.db/);
    assert.match(run, /^HEALTHCHECK .*\/diagnostic\/status\/heartbeat/m);
    assert.match(run, /^ENTRYPOINT \["rollgate"\]$/m);
    assert.match(run, /^CMD \["serve"\]$/m);
    for (const [name] of run.matchAll(/ROLLGATE_[A-Z0-9_]+/g))
      assert.ok(known.has(name), `the Dockerfile sets ${name}, which the broker does not read`);
  });

  it('compose.yaml: PostgreSQL and two instances on it, with a base URL, credentials and known settings only', () => {
    const compose = parse(read('compose.yaml'), { merge: true });
    const brokers = Object.entries(compose.services as Record<string, any>).filter(([, s]) =>
      String(s.image).startsWith('rollgate:'),
    );
    assert.equal(brokers.length, 2);
    assert.match(compose.services.postgres.image, /^postgres:15/);
    assert.ok(compose.services.postgres.healthcheck);
    const deployDoc = read('docs/deploy.md');
    for (const [name, service] of brokers) {
      const env = service.environment as Record<string, string>;
      assert.match(env.ROLLGATE_DATABASE!, /^postgres:\/\/.*@postgres:5432\//, name);
      assert.ok(env.ROLLGATE_BASE_URL, `${name} has a base URL`);
      assert.ok(env.ROLLGATE_TOKENS, `${name} has credentials`);
      assert.equal(service.depends_on.postgres.condition, 'service_healthy');
      for (const setting of Object.keys(env)) {
        if (UPCOMING.includes(setting)) assert.match(deployDoc, new RegExp(`${setting}.*hardening issue`));
        else assert.ok(known.has(setting), `${name} sets ${setting}, which the broker does not read`);
      }
    }
  });

  it("compose.yaml: the proxy's idle keep-alive is shorter than the broker's 5 s", () => {
    const nginx = parse(read('compose.yaml')).configs.nginx.content as string;
    const timeout = /keepalive_timeout (\d+)s;/.exec(nginx);
    assert.ok(timeout);
    assert.ok(Number(timeout[1]) < 5);
    assert.match(nginx, /server rollgate-1:9292/);
    assert.match(nginx, /server rollgate-2:9292/);
  });
});
