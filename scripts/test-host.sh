#!/usr/bin/env bash
# Host tier: the extension inside a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven
# by a real browser (Debian Chromium through playwright-core). Works from a fresh clone:
#   1. provisions code-server (cached under ~/.cache/ml-containers/) and Chromium, and for the UI
#      flows of issues 6 and 7: the Docker Engine (started), the base image stand-ins, and the test
#      cluster's binaries (built once, cached; the Kubernetes flow brings the cluster up itself with
#      upCluster() and gives its lease back)
#   2. packages the extension (out/ml-containers.vsix) and bundles the in-host suite and the
#      test-harness extension (out/host-tests/)
#   3. UI suite: mocha test/host/ui/*.ui.test.ts (screenshots: test-results/host/*.png)
#   4. in-host suite: test/host/suite/*.host.test.ts inside code-server's extension host
#   5. prints ONE set of Mocha-style totals for both suites together, as the last lines:
#        "  N passing" / "  N failing" / "  N pending"
# Exit status: non-zero when a test failed, a step failed, or no test ran.
# Logs of code-server and the browser console: test-results/host/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
results=test-results/host

# A setup step failed: no test could run. Still end with totals a wrapper can parse.
setup_failed() {
  printf '\n[host] setup failed: %s\n\n  0 passing\n  1 failing\n  0 pending\n' "$1"
  exit 1
}

rm -rf "${results}"
mkdir -p "${results}"

if [[ -f scripts/lib/ensure-node-deps.sh ]]; then
  bash scripts/lib/ensure-node-deps.sh || setup_failed "npm ci"
elif [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund || setup_failed "npm ci"
fi

MLC_CODE_SERVER="$(bash scripts/provision/code-server.sh)" || setup_failed "provision code-server"
MLC_CHROMIUM="$(bash scripts/provision/browser.sh)" || setup_failed "provision chromium"
export MLC_CODE_SERVER MLC_CHROMIUM

# What the Docker and Kubernetes flows need. A failure here is not fatal to the tier: the suites
# that need the engine or the cluster provision again in their before hooks and fail with the reason.
provision() {
  local what="$1" log="${results}/$2.log"
  shift 2
  echo "[host] ${what}"
  "$@" >"${log}" 2>&1 || printf '[host] warning: could not %s (see %s); the suites that need it will fail\n' "${what}" "${log}" >&2
}
provision "start the Docker Engine" docker-engine bash scripts/provision/docker-engine.sh start
provision "provide the base image stand-ins" base-images bash scripts/provision/base-images.sh ensure
provision "build the test cluster's binaries (cached)" cluster-build bash scripts/cluster/build.sh

echo "[host] packaging the extension"
npm run --silent package >"${results}/package.log" 2>&1 || {
  cat "${results}/package.log"
  setup_failed "npm run package"
}
node --import tsx test/host/build.ts || setup_failed "bundle the in-host suite and the test harness"

echo "[host] UI suite (browser against code-server)"
ui_rc=0
npx mocha --config test/host/ui/.mocharc.json || ui_rc=$?

echo "[host] in-host suite (code-server extension host, test-harness extension)"
host_rc=0
node --import tsx test/host/run-in-host.ts || host_rc=$?

totals_rc=0
node --import tsx test/host/summarize.ts \
  "ui=${results}/ui-results.json" \
  "in-host=${results}/in-host-results.json" || totals_rc=$?

if ((ui_rc != 0 || host_rc != 0 || totals_rc != 0)); then
  exit 1
fi
