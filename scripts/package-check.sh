#!/usr/bin/env bash
# The release check (issue 18), run by CI: builds the release artifact (the `npm pack` tarball) and does with it what a
# user does, in a temporary folder, with the npm cache `npm ci` filled (--prefer-offline; better-sqlite3 may compile):
#   1. installs it into an empty project; `rollgate --version`, `rollgate serve`, publish a pact and an OpenAPI
#      document, can-i-deploy answered from the static comparison (run in a worker thread: the compiled worker.js),
#      the web page and its assets, diff-openapi (Optic in its worker thread);
#   2. installs it globally (into a prefix) with the Dockerfile's install step (scripts/docker-install.sh), then starts
#      it with the Dockerfile's settings and asks the Dockerfile's HEALTHCHECK (Docker itself cannot run here).
# Prints "package-check: ok" and exits 0, or says what failed and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/rollgate-package-check.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "package-check: $*"; }
fail() {
  echo "package-check: FAILED: $*" >&2
  [ -f "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" >&2
  exit 1
}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
# Waits up to 60 s for the heartbeat of the server started last.
wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1/diagnostic/status/heartbeat" 2>/dev/null && return 0
    kill -0 "$server" 2>/dev/null || fail "the server exited at start"
    sleep 0.5
  done
  fail "no heartbeat from $1 within 60 s"
}
stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}

version=$(node -p "require('./package.json').version")
export PACT_DO_NOT_TRACK=true
unset PACT_BROKER_BASE_URL PACT_BROKER_TOKEN PACT_BROKER_USERNAME PACT_BROKER_PASSWORD
unset ROLLGATE_BROKER_BASE_URL ROLLGATE_BROKER_TOKEN ROLLGATE_BROKER_USERNAME ROLLGATE_BROKER_PASSWORD

say "packing rollgate $version"
npm pack --pack-destination "$work" >"$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; fail "npm pack"; }
tarball="$work/rollgate-$version.tgz"
[ -f "$tarball" ] || fail "npm pack wrote no $tarball"
tar -tzf "$tarball" >"$work/contents"
grep -qx 'package/dist/cli/bin/rollgate.js' "$work/contents" || fail "the tarball has no dist/cli/bin/rollgate.js"
grep -qx 'package/dist/broker/src/ui/assets/ui.css' "$work/contents" || fail "the tarball has no UI assets"
grep -qx 'package/dist/contracts/src/openapi/comparator/worker.js' "$work/contents" || fail "no comparator worker.js"
if grep -E '\.ts$|^package/(test|bench|fixtures|node_modules)/' "$work/contents" >&2; then
  fail "the tarball holds sources, tests or fixtures (above)"
fi
say "tarball: $(wc -l <"$work/contents") files, $(du -k "$tarball" | cut -f1) KiB"

# 1. An empty project
mkdir "$work/project"
cd "$work/project"
echo '{"name":"a-service","version":"1.0.0","private":true}' >package.json
say "installing into an empty project (npm install --prefer-offline)"
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "npm install of the tarball into an empty project"; }
[ ! -e node_modules/tsx ] || fail "tsx was installed: it must be a devDependency only"
bin="$work/project/node_modules/.bin/rollgate"
[ "$("$bin" --version)" = "$version" ] || fail "rollgate --version did not print $version"

port=$(free_port)
url="http://127.0.0.1:$port"
ROLLGATE_LOG_LEVEL=warn "$bin" serve --port "$port" --database "$work/project/rollgate.db" >"$work/server.log" 2>&1 &
server=$!
wait_for "$url"
say "rollgate serve answers at $url"
export PACT_BROKER_BASE_URL=$url
"$bin" publish "$root/fixtures/pacts/v3/web-orders.json" --consumer-app-version 1.0.0 --branch main >/dev/null ||
  fail "rollgate publish"
"$bin" publish-provider-contract "$root/fixtures/openapi/orders/orders-api.yaml" --provider orders \
  --provider-app-version 2.0.0 --branch main --verification-success --verifier package-check >/dev/null ||
  fail "rollgate publish-provider-contract"
curl -fsS "$url/pacts/provider/orders/consumer/web/version/1.0.0" >/dev/null || fail "the published pact is not there"
# No verification exists: a yes can only come from the static comparison, which ran in the worker pool.
"$bin" can-i-deploy --pacticipant web --version 1.0.0 --pacticipant orders --version 2.0.0 \
  --retry-while-unknown 60 --retry-interval 1 --output json >"$work/cid.json" 2>"$work/cid.err" ||
  { cat "$work/cid.json" "$work/cid.err" >&2; fail "can-i-deploy from the static comparison did not say yes"; }
grep -q '"openapi"' "$work/cid.json" || fail "can-i-deploy's answer does not rest on the OpenAPI comparison"
curl -fsS -o /dev/null "$url/ui/assets/ui.css" || fail "the web page's stylesheet is not served"
# Offline, with Optic in its worker thread (the compiled worker.js): the removed path is found by every engine.
"$bin" diff-openapi "$root/fixtures/openapi/orders/orders-api.yaml" "$root/fixtures/openapi/orders/orders-v1.yaml" \
  --output json >"$work/diff.json" 2>"$work/diff.err" && fail "diff-openapi found no breaking change"
grep -q '"optic"' "$work/diff.json" || { cat "$work/diff.err" >&2; fail "diff-openapi's Optic worker did not answer"; }
curl -fsS -H 'accept: text/html' "$url/" | grep -q '</html>' || fail "the web page is not served"
stop_server
say "empty project: --version, serve, publish, comparison worker, web page: ok"

# 2. Globally, with the Dockerfile's install step, settings and health check
cd "$work"
say "installing globally with the Dockerfile's install step (scripts/docker-install.sh)"
"$root/scripts/docker-install.sh" "$tarball" "$work/global" >"$work/global.log" 2>&1 ||
  { cat "$work/global.log" >&2; fail "scripts/docker-install.sh"; }
[ "$(PATH="$work/global/bin:$PATH" rollgate --version)" = "$version" ] || fail "global rollgate --version"
mkdir "$work/data"
port=$(free_port)
(
  # The run stage's ENV (the database moved from /data to a temporary folder, the port to a free one), and
  # credentials, which a broker listening on 0.0.0.0 requires.
  while IFS= read -r setting; do export "${setting?}"; done < <(node "$root/scripts/dockerfile-run.mjs" env)
  export ROLLGATE_DATABASE="$work/data/rollgate.db" ROLLGATE_PORT="$port" ROLLGATE_LOG_LEVEL=warn
  export ROLLGATE_TOKENS="ci:package-check-token:admin"
  cd "$work/data"
  exec "$work/global/bin/rollgate" serve
) >"$work/server.log" 2>&1 &
server=$!
wait_for "http://127.0.0.1:$port"
ROLLGATE_PORT=$port node "$root/scripts/dockerfile-run.mjs" healthcheck || fail "the Dockerfile's HEALTHCHECK"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/pacticipants")" = 401 ] ||
  fail "the service answered a read without credentials"
PACT_BROKER_BASE_URL="http://127.0.0.1:$port" PACT_BROKER_TOKEN=package-check-token \
  "$work/global/bin/rollgate" publish "$root/fixtures/pacts/v3/web-orders.json" --consumer-app-version 1.0.0 \
  >/dev/null || fail "publish to the service with a token"
[ -s "$work/data/rollgate.db" ] || fail "no SQLite file in the data folder"
stop_server
say "global install (Dockerfile steps): --version, serve with the image's settings, HEALTHCHECK, publish: ok"
say "ok"
