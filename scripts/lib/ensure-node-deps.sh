#!/usr/bin/env bash
# Installs the project's npm dependencies from the lockfile when they are missing or stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
stamp=node_modules/.mlc-lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
echo "[deps] npm ci"
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
