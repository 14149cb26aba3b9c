#!/usr/bin/env bash
# Runs every test tier (static checks, unit, e2e against a real Docker Engine, host in a real
# VS Code driven by a real browser) on a fresh clone, installing what each needs.
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p test-results
passed=0 failed=0 skipped=0

# Adds the counts of a mocha-style summary ("N passing", "N failing", "N pending") in file $1.
# A tier that ran no test or crashed before its summary counts as one failure.
tally() {
  local log="$1" tier="$2" rc="$3" p f s
  p=$(grep -E '^\s*[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^\s*[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
  s=$(grep -E '^\s*[0-9]+ pending' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "[$tier] ran no test (exit $rc): counted as a failure"
    f=1
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "[$tier] exited $rc with no failing test reported: counted as a failure"
    f=1
  fi
  echo "[$tier] $p passed, $f failed, $s skipped"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

run_tier() {
  local tier="$1"; shift
  local log="test-results/$tier.log" start=$SECONDS rc
  echo "=== tier: $tier ==="
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  echo "[$tier] took $((SECONDS - start)) s"
  tally "$log" "$tier" "$rc"
}

bash scripts/lib/ensure-node-deps.sh || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }

echo "=== static: typecheck, lint, docs in sync ==="
static_rc=0
npx tsc -p . --noEmit || static_rc=1
npx eslint src test scripts || static_rc=1
node scripts/gen-docs.mjs --check || static_rc=1
node scripts/gen-rule-docs.mjs --check || static_rc=1
if [ "$static_rc" -ne 0 ]; then
  echo "[static] failed"
  failed=$((failed + 1))
else
  echo "[static] ok"
  passed=$((passed + 1))
fi

run_tier unit npx mocha --config test/unit/.mocharc.json
# e2e needs a real Docker Engine and a real Kubernetes control plane (built once from the Go
# module proxy and cached under ~/.cache/ml-containers: about 11 minutes on a new machine).
run_tier e2e bash -c 'bash scripts/provision/docker-engine.sh start && bash scripts/provision/base-images.sh ensure && bash scripts/provision/compose-cli.sh && bash scripts/cluster/build.sh && node scripts/schemas/fetch-crd-modules.mjs && npx mocha --config test/e2e/.mocharc.json'
run_tier host bash scripts/test-host.sh

echo "tiers took $SECONDS s in all"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
