#!/usr/bin/env bash
# Builds the Go linters the lint benchmark compares against (kubeconform, kube-linter) from the Go module
# proxy configured on this machine, and caches them under ~/.cache/ml-containers/peers/bin.
# A peer that cannot be built gets a `<name>.unavailable` file next to the binaries saying why; the benchmark
# prints that reason and goes on. Re-running is cheap: a cached binary is kept.
# Usage: scripts/provision/go-peers.sh            (env: MLC_PEERS_DIR overrides the cache folder)
set -uo pipefail

peers_dir="${MLC_PEERS_DIR:-$HOME/.cache/ml-containers/peers}"
bin_dir="$peers_dir/bin"
mkdir -p "$bin_dir"
export GOFLAGS=-mod=mod
export GOBIN="$bin_dir"

if ! command -v go >/dev/null 2>&1; then
  for name in kubeconform kube-linter; do
    echo "go is not installed on this machine" > "$bin_dir/$name.unavailable"
  done
  echo "go-peers: go is not installed; nothing built" >&2
  exit 0
fi

# name | module | package | version
peers=(
  "kubeconform|github.com/yannh/kubeconform|github.com/yannh/kubeconform/cmd/kubeconform|v0.8.0"
  "kube-linter|golang.stackrox.io/kube-linter|golang.stackrox.io/kube-linter/cmd/kube-linter|latest"
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${peers[@]}"; do
  IFS='|' read -r name module package version <<<"$entry"
  if [ -x "$bin_dir/$name" ]; then
    echo "go-peers: $name already built ($bin_dir/$name)"
    continue
  fi
  rm -f "$bin_dir/$name.unavailable"
  log="$work/$name.log"
  # `go install pkg@version` refuses modules whose go.mod has replace directives; look before trying.
  if ! go mod download -json "$module@$version" >"$work/$name.json" 2>"$log"; then
    # `go mod download -json` reports the failure in the JSON's "Error" field, not on stderr.
    detail="$(sed -n 's/^[[:space:]]*"Error": "\(.*\)"$/\1/p' "$work/$name.json" | head -n 1)"
    [ -n "$detail" ] || detail="$(grep -m1 -v '^[[:space:]]*$' "$log")"
    reason="the Go module proxy does not serve $module@$version: $(printf '%s' "$detail" | cut -c1-300)"
    echo "$reason" > "$bin_dir/$name.unavailable"
    echo "go-peers: $name: $reason" >&2
    continue
  fi
  gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' "$work/$name.json")"
  resolved="$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p' "$work/$name.json")"
  if [ -n "$gomod" ] && grep -qE '^[[:space:]]*replace[[:space:](]' "$gomod"; then
    # Build inside a throwaway module that copies the replace directives.
    mkdir -p "$work/$name-build" && cd "$work/$name-build" || exit 1
    go mod init "mlc-peer-$name" >/dev/null 2>&1
    sed -n '/^replace/,/^)/p' "$gomod" >> go.mod
    if go get "$package@$resolved" >>"$log" 2>&1 && go build -o "$bin_dir/$name" "$package" >>"$log" 2>&1; then
      echo "go-peers: built $name $resolved (with its replace directives)"
    else
      echo "build failed: $(tail -n 3 "$log" | tr '\n' ' ' | cut -c1-400)" > "$bin_dir/$name.unavailable"
      echo "go-peers: $name: build failed, see $bin_dir/$name.unavailable" >&2
    fi
    cd - >/dev/null || exit 1
    continue
  fi
  if go install "$package@$resolved" >>"$log" 2>&1; then
    echo "$resolved" > "$bin_dir/$name.version"
    echo "go-peers: built $name $resolved"
  else
    echo "build failed: $(tail -n 3 "$log" | tr '\n' ' ' | cut -c1-400)" > "$bin_dir/$name.unavailable"
    echo "go-peers: $name: build failed, see $bin_dir/$name.unavailable" >&2
  fi
done
exit 0
