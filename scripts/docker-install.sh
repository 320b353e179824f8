#!/usr/bin/env bash
# The Dockerfile's install step, as a script so CI can run exactly it without Docker (scripts/package-check.sh):
# installs the release tarball globally into a prefix, production dependencies only. better-sqlite3 uses a prebuilt
# binary when one can be downloaded and compiles from source otherwise (python3, make and g++ needed).
#   scripts/docker-install.sh rollgate-X.Y.Z.tgz /opt/rollgate   ->   /opt/rollgate/bin/rollgate
set -euo pipefail
tarball=${1:?usage: docker-install.sh <tarball> <prefix>}
prefix=${2:?usage: docker-install.sh <tarball> <prefix>}
npm install --global --prefix "$prefix" --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error "$tarball"
"$prefix/bin/rollgate" --version >/dev/null
